// The current route as React state.
import { useSyncExternalStore } from 'react';
import type { Route } from './route.ts';
import { getRoute, subscribeRoute } from './route-store.ts';

export function useRoute(): Route {
  return useSyncExternalStore(subscribeRoute, getRoute);
}
