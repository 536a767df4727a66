// Times are shown in UTC everywhere; the local time is offered on hover. Formats are fixed
// (ISO-like) so columns line up and nobody has to guess the time zone.

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export function formatUtcDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function formatUtcClock(ms: number, withSeconds = true, withMillis = false): string {
  const date = new Date(ms);
  const base = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  if (!withSeconds) return base;
  return `${base}:${pad(date.getUTCSeconds())}${withMillis ? `.${pad(date.getUTCMilliseconds(), 3)}` : ''}`;
}

export function formatUtcDateTime(ms: number, withSeconds = true): string {
  return `${formatUtcDate(ms)} ${formatUtcClock(ms, withSeconds)}`;
}

const localFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** The hover text of a UTC time: the same instant in the viewer's time zone. */
export function formatLocalHint(ms: number): string {
  return `Local: ${localFormat.format(new Date(ms))}`;
}

/** `12s ago`, `4m ago`, `3h ago` for ages of figures on screen. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}
