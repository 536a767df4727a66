// Shown while the server is unreachable: says that the data on screen is frozen and when the next
// reconnect attempt happens; the socket retries on its own.
import { useEffect, useState } from 'react';
import type { ConnectionState } from '../../api/market-socket.ts';

export function ConnectionBanner({ connection }: { connection: ConnectionState }) {
  const [now, setNow] = useState(() => Date.now());
  const visible = connection.phase === 'reconnecting';
  useEffect(() => {
    if (!visible) return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [visible]);
  if (!visible) return null;
  const seconds = connection.nextRetryAt ? Math.max(0, Math.ceil((connection.nextRetryAt - now) / 1000)) : 0;
  return (
    <div className="connection-banner" role="alert">
      <strong>Connection to the server lost.</strong> Live data is paused; reconnecting automatically
      {seconds > 0 ? ` in ${seconds}s` : '…'} (attempt {connection.attempt}).
      {connection.lastError && <span className="muted"> Last error: {connection.lastError}</span>}
    </div>
  );
}
