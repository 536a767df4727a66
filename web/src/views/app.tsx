// Page frame: header and connection banner around the live view.
import { useConnectionState } from '../state/use-connection-state.ts';
import { useHealth } from '../state/use-health.ts';
import { LiveView } from './live/live-view.tsx';
import { AppHeader } from './shell/app-header.tsx';
import { ConnectionBanner } from './shell/connection-banner.tsx';

export function App() {
  const connection = useConnectionState();
  const health = useHealth();
  return (
    <div className="app">
      <AppHeader health={health} connection={connection} />
      <ConnectionBanner connection={connection} />
      <LiveView health={health} />
    </div>
  );
}
