// The page's one route, kept in step with the address bar: navigation pushes a history entry
// (Back returns to the previous screen), parameter corrections replace it. Remembers the last
// parameters of every view for the session, so the navigation links return to where you were.
import {
  parseRoute,
  patchParams,
  routeUrl,
  sameParams,
  VIEWS,
  type Route,
  type RouteParams,
  type ViewName,
} from './route.ts';

type Listener = () => void;

const MEMORY_KEY = 'tickscope.view-params';
const listeners = new Set<Listener>();
let current: Route = parseRoute(window.location.pathname, window.location.search);
const remembered = loadMemory();

function loadMemory(): Map<ViewName, RouteParams> {
  try {
    const saved = JSON.parse(sessionStorage.getItem(MEMORY_KEY) ?? '{}') as Record<string, RouteParams>;
    return new Map(VIEWS.filter((view) => saved[view]).map((view) => [view, saved[view]]));
  } catch {
    return new Map();
  }
}

function remember(route: Route): void {
  remembered.set(route.view, route.params);
  try {
    sessionStorage.setItem(MEMORY_KEY, JSON.stringify(Object.fromEntries(remembered)));
  } catch {
    // Private mode or a full quota: links simply start from defaults.
  }
}

function commit(next: Route, replace: boolean): void {
  const url = routeUrl(next);
  if (url !== `${window.location.pathname}${window.location.search}`) {
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
  }
  if (next.view === current.view && sameParams(next.params, current.params)) return;
  current = next;
  remember(next);
  listeners.forEach((listener) => {
    listener();
  });
}

window.addEventListener('popstate', () => {
  current = parseRoute(window.location.pathname, window.location.search);
  remember(current);
  listeners.forEach((listener) => {
    listener();
  });
});
remember(current);

export function getRoute(): Route {
  return current;
}

export function subscribeRoute(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The link to `view` with the parameters it had last in this session. */
export function viewUrl(view: ViewName): string {
  return routeUrl({ view, params: remembered.get(view) ?? {} });
}

export function navigate(view: ViewName, params?: RouteParams, options: { replace?: boolean } = {}): void {
  commit({ view, params: params ?? remembered.get(view) ?? {} }, options.replace ?? false);
}

/** Changes parameters of the current view; `replace` for corrections the user did not ask for. */
export function updateParams(
  patch: Readonly<Record<string, string | null | undefined>>,
  options: { replace?: boolean } = {},
): void {
  commit({ view: current.view, params: patchParams(current.params, patch) }, options.replace ?? false);
}
