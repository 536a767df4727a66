// Crosshair and axis time labels in UTC, ISO-like, so nobody has to guess the time zone of a candle.
import type { Time } from 'lightweight-charts';
import { formatUtcDateTime } from '../format/time-format.ts';

export function formatUtc(epochSeconds: number, withSeconds: boolean): string {
  return `${formatUtcDateTime(epochSeconds * 1000, withSeconds)} UTC`;
}

export function utcTimeFormatter(withSeconds: boolean): (time: Time) => string {
  return (time) => (typeof time === 'number' ? formatUtc(time, withSeconds) : String(time));
}
