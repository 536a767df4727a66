// Page frame: header with the views, connection banner, the current view, status bar, and the
// alert toasts that follow the trader across views. The live view ships in the first bundle for
// a fast first paint; the others load when first opened.
import { lazy, Suspense } from 'react';
import { HealthContext } from '../state/health-context.ts';
import { useConnectionState } from '../state/use-connection-state.ts';
import { useHealth } from '../state/use-health.ts';
import { useRoute } from '../state/use-route.ts';
import { LiveView } from './live/live-view.tsx';
import { AlertToasts } from './shell/alert-toasts.tsx';
import { AppHeader } from './shell/app-header.tsx';
import { ConnectionBanner } from './shell/connection-banner.tsx';
import { SourceBanner } from './shell/source-banner.tsx';
import { StatusBar } from './shell/status-bar.tsx';

const PairsView = lazy(() => import('./pairs/pairs-view.tsx').then((module) => ({ default: module.PairsView })));
const StatusView = lazy(() => import('./status/status-view.tsx').then((module) => ({ default: module.StatusView })));
const HistoryView = lazy(() =>
  import('./history/history-view.tsx').then((module) => ({ default: module.HistoryView })),
);
const SessionsView = lazy(() =>
  import('./sessions/sessions-view.tsx').then((module) => ({ default: module.SessionsView })),
);
const AlertsView = lazy(() => import('./alerts/alerts-view.tsx').then((module) => ({ default: module.AlertsView })));

export function App() {
  const connection = useConnectionState();
  const health = useHealth();
  const route = useRoute();
  return (
    <HealthContext.Provider value={health}>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader health={health} connection={connection} view={route.view} />
        <ConnectionBanner connection={connection} />
        <SourceBanner health={health} />
        <Suspense
          fallback={
            <main id="main" className="view view-loading" role="status">
              <span className="spinner" aria-hidden="true" /> Loading…
            </main>
          }
        >
          {route.view === 'live' && <LiveView params={route.params} />}
          {route.view === 'pairs' && <PairsView params={route.params} />}
          {route.view === 'status' && <StatusView />}
          {route.view === 'alerts' && <AlertsView />}
          {route.view === 'data' && <HistoryView params={route.params} />}
          {route.view === 'sessions' && <SessionsView params={route.params} />}
        </Suspense>
        <StatusBar health={health} />
        <AlertToasts />
      </div>
    </HealthContext.Provider>
  );
}
