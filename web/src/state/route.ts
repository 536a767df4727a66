// Where the dashboard is: the view in the path (`/pairs`) and its parameters in the query string
// (`?x=sim:AAA&y=sim:BBB&timeframe=1m`), so that a link shows a colleague the same screen.

export const VIEWS = ['live', 'pairs', 'alerts', 'status', 'data', 'sessions'] as const;
export type ViewName = (typeof VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<ViewName, string>> = {
  live: 'Live',
  pairs: 'Pairs',
  alerts: 'Alerts',
  status: 'Status',
  data: 'Data',
  sessions: 'Sessions',
};

export type RouteParams = Readonly<Record<string, string>>;

export interface Route {
  view: ViewName;
  params: RouteParams;
}

function isView(value: string): value is ViewName {
  return (VIEWS as readonly string[]).includes(value);
}

/** `/` and unknown paths are the live view, so old links (`/?instrument=…`) keep working. */
export function parseRoute(pathname: string, search: string): Route {
  const segment = pathname.replace(/^\/+|\/+$/g, '').split('/')[0] ?? '';
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) if (value.trim() !== '') params[key] = value.trim();
  return { view: isView(segment) ? segment : 'live', params };
}

/** `/pairs?x=sim:AAA&y=sim:BBB`, with keys in a stable order and colons, commas and slashes readable. */
export function routeUrl(route: Route): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(route.params).sort()) search.set(key, route.params[key]);
  const text = search.toString().replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%2F', '/');
  return `/${route.view}${text ? `?${text}` : ''}`;
}

/** Applies a patch to params: a null or empty value removes the key. */
export function patchParams(
  params: RouteParams,
  patch: Readonly<Record<string, string | null | undefined>>,
): RouteParams {
  const next: Record<string, string> = { ...params };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null || value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

export function sameParams(a: RouteParams, b: RouteParams): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
