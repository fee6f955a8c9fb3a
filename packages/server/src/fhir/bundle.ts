import type { Bundle, BundleLink, Resource } from '@medplum/fhirtypes';
import type { SearchPage } from './resources/kind.js';
import type { ParsedSearch } from './search-params.js';

/** A searchset Bundle of one page, with self and next links built from the request's own query. */
export function searchsetBundle(base: string, type: string, query: URLSearchParams, search: ParsedSearch, page: SearchPage): Bundle {
  const link = (offset: number): string => {
    const q = new URLSearchParams(query);
    q.set('_count', String(search.count));
    q.set('_offset', String(offset));
    return `${base}/${type}?${q.toString()}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: link(search.offset) }];
  if (search.offset + page.resources.length < page.total) links.push({ relation: 'next', url: link(search.offset + search.count) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: page.total,
    link: links,
    entry: page.resources.map((resource: Resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`, resource, search: { mode: 'match' } })),
  };
}
