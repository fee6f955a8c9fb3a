/** The app's pages, addressed by the URL's hash so that the server serves one index.html. */
export type Route =
  | { readonly page: 'board' }
  | { readonly page: 'patient'; readonly patientId: string }
  | { readonly page: 'alert'; readonly alertId: string }
  | { readonly page: 'calculator'; readonly name: string | null };

const segment = (s: string | undefined) => (s === undefined || s === '' ? null : decodeURIComponent(s));

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  // Links of the calculator-only app (#crs) keep working.
  if (path !== '' && !path.startsWith('/')) return { page: 'calculator', name: segment(path) };
  const [, first, second] = path.split('/');
  const id = segment(second);
  if (first === 'patients' && id !== null) return { page: 'patient', patientId: id };
  if (first === 'alerts' && id !== null) return { page: 'alert', alertId: id };
  if (first === 'calculators') return { page: 'calculator', name: id };
  return { page: 'board' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'board':
      return '#/board';
    case 'patient':
      return `#/patients/${encodeURIComponent(route.patientId)}`;
    case 'alert':
      return `#/alerts/${encodeURIComponent(route.alertId)}`;
    case 'calculator':
      return route.name === null ? '#/calculators' : `#/calculators/${encodeURIComponent(route.name)}`;
  }
}
