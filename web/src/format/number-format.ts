// Number formatting for the stats strip and legends: fixed price precision, compact volumes,
// signed changes with an arrow so direction never depends on colour alone.

const priceFormats = new Map<number, Intl.NumberFormat>();

export function formatPrice(value: number, precision: number): string {
  let format = priceFormats.get(precision);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: precision, maximumFractionDigits: precision });
    priceFormats.set(precision, format);
  }
  return format.format(value);
}

const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

export function formatQuantity(value: number): string {
  return Math.abs(value) >= 100_000 ? compactFormat.format(value) : quantityFormat.format(value);
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

const rateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Rates below 10/s keep one decimal so a quiet feed does not read as 0. */
export function formatRate(perSecond: number): string {
  return perSecond < 10 ? rateFormat.format(perSecond) : integerFormat.format(perSecond);
}

export type Direction = 'up' | 'down' | 'flat';

export function directionOf(value: number): Direction {
  return value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
}

export const directionArrow: Record<Direction, string> = { up: '▲', down: '▼', flat: '■' };

export function formatSignedPercent(value: number): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return `${sign}${Math.abs(value).toFixed(2)}%`;
}

export function formatSignedPrice(value: number, precision: number): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return `${sign}${formatPrice(Math.abs(value), precision)}`;
}

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds % 60}s`;
  return `${seconds}s`;
}

export function formatPercent(value: number, digits = 2): string {
  return `${value.toFixed(digits)}%`;
}

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${byteUnits[unit]}`;
}

/** A statistic with `digits` significant decimals, minus sign typographic; '—' for null. */
export function formatFixed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = value.toFixed(digits);
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** Signed, for z-scores and spreads: '+1.23', '−0.40'. */
export function formatSigned(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value > 0 ? `+${value.toFixed(digits)}` : formatFixed(value, digits);
}

/** p-values: four decimals, or '< 0.0001'. */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value < 1e-4 ? '< 0.0001' : value.toFixed(4);
}

/** Enough significant digits for a hedge ratio or spread of any magnitude. */
export function formatSignificant(value: number | null | undefined, digits = 5): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const text = Math.abs(value) >= 10 ** digits ? value.toFixed(0) : value.toPrecision(digits);
  const plain = text.includes('e') ? value.toFixed(8) : text;
  return plain.startsWith('-') ? `−${plain.slice(1)}` : plain;
}

/** A time span for reading, from 0.4 s to days: `0.9 s`, `14 s`, `3.5 min`, `2.1 h`, `4.0 d`. */
export function formatSpan(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5_400) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** A threshold as the trader typed it: `2`, `0.1`, `−0.0005`, at most `digits` significant digits. */
export function formatThreshold(value: number, digits = 8): string {
  const text = String(Number(value.toPrecision(digits)));
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}
