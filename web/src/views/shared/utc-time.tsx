// A UTC time in a <time> element with the viewer's local time on hover.
import { formatLocalHint, formatUtcClock, formatUtcDateTime } from '../../format/time-format.ts';

interface UtcTimeProps {
  ms: number;
  /** `clock` shows only the time of day (for today's events); `datetime` the full date. */
  format?: 'clock' | 'datetime';
  seconds?: boolean;
  suffix?: boolean;
}

export function UtcTime({ ms, format = 'datetime', seconds = true, suffix = false }: UtcTimeProps) {
  const text = format === 'clock' ? formatUtcClock(ms, seconds) : formatUtcDateTime(ms, seconds);
  return (
    <time className="num utc-time" dateTime={new Date(ms).toISOString()} title={formatLocalHint(ms)}>
      {text}
      {suffix && <span className="muted"> UTC</span>}
    </time>
  );
}
