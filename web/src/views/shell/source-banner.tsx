// Shown while the server's source is starting: "connecting to Binance…" with the countdown to the
// simulator fallback, then the simulated history's progress; gone once data streams live.
import { useEffect, useState } from 'react';
import type { HealthSnapshot } from '../../state/use-health.ts';
import { sourceNotice } from './source-notice.ts';

export function SourceBanner({ health }: { health: HealthSnapshot | null }) {
  const [now, setNow] = useState(() => Date.now());
  const notice = health ? sourceNotice(health.health.source, now - health.receivedAt) : null;
  const visible = notice !== null;
  useEffect(() => {
    if (!visible) return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [visible]);
  if (notice === null) return null;
  return (
    <div className={`source-banner tone-${notice.tone}`} role="status" aria-label="Data source starting">
      {notice.text}
    </div>
  );
}
