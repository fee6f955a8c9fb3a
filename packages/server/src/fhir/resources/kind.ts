import type { Resource, ResourceType } from '@medplum/fhirtypes';
import type { Action } from '../../auth/permissions.js';
import type { Db } from '../../db/connect.js';
import type { FhirAccess } from '../access.js';
import type { ParsedSearch } from '../search-params.js';

export interface SearchPage {
  readonly resources: readonly Resource[];
  readonly total: number;
}

export interface SearchContext {
  readonly db: Db;
  readonly access: FhirAccess;
  readonly search: ParsedSearch;
  /** Institution time zone: calendar dates in `date=` are local days. */
  readonly timeZone: string;
}

/**
 * A resource type the server can read and search. `read` answers null both for an id that does
 * not exist and for a record the caller may not see, so that the two cannot be told apart.
 */
export interface ReadableKind {
  readonly type: ResourceType;
  readonly readAction: Action;
  readonly searchParams: readonly string[];
  read(db: Db, access: FhirAccess, id: string): Promise<Resource | null>;
  search(ctx: SearchContext): Promise<SearchPage>;
}

export const EMPTY_PAGE: SearchPage = { resources: [], total: 0 };
