// Times typed by hand, read as UTC like every time on screen: `2024-01-02`, `2024-01-02 08:30`,
// `2024-01-02T08:30:15`. The native datetime input would take the browser's zone instead.

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(?:\s*(?:Z|UTC))?$/i;

/** Epoch ms of a UTC date or date-time, or an error that shows the accepted forms. */
export function parseUtcInput(text: string): { ms: number } | { error: string } {
  const match = PATTERN.exec(text.trim());
  if (!match) return { error: `"${text}" is not a UTC time; use YYYY-MM-DD or YYYY-MM-DD HH:MM` };
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { error: `"${text}" is not a date that exists` };
  }
  return { ms };
}

/** The inverse of parseUtcInput: minutes always, seconds only when the time has them. */
export function formatUtcInput(ms: number): string {
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}
