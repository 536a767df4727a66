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
