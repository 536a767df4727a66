// A ticking UTC clock: every time on this dashboard is UTC, and the clock says so.
import { useEffect, useState } from 'react';

const pad = (value: number) => String(value).padStart(2, '0');

export function UtcClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const text = `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
  return (
    <time className="utc-clock" dateTime={now.toISOString()}>
      {text} <span className="muted">UTC</span>
    </time>
  );
}
