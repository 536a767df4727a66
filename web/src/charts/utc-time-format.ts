// Crosshair time labels in UTC, ISO-like, so nobody has to guess the time zone of a candle.
import type { Time } from 'lightweight-charts';

const pad = (value: number) => String(value).padStart(2, '0');

export function formatUtc(epochSeconds: number, withSeconds: boolean): string {
  const date = new Date(epochSeconds * 1000);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  return `${day} ${time}${withSeconds ? `:${pad(date.getUTCSeconds())}` : ''} UTC`;
}

export function utcTimeFormatter(withSeconds: boolean): (time: Time) => string {
  return (time) => (typeof time === 'number' ? formatUtc(time, withSeconds) : String(time));
}
