// Turns the time column into epoch milliseconds UTC. Without a format a value is ISO-8601 (a date,
// or a date and time, with or without a zone; without one it is UTC, never the machine's zone) or
// an epoch number whose unit is told by its size, per value, as Binance's own files mix ms and µs.
// A `timeFormat` pattern names the parts instead (`DD/MM/YYYY HH:mm`), also read as UTC.
import { ImportOptionsError } from './ohlcv-csv-problems.js';

/** Epoch ms, or why the text is not a time. */
export type TimeParse = number | { error: string };
export type TimeParser = (text: string) => TimeParse;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH = /^\d+(?:\.\d+)?$/;

// Epoch seconds below 1e8 (1973) are far likelier a compact date such as 20240102; 1e11 s is the
// year 5138, so larger values are ms, then µs from 1e14 (ms of the year 5138).
const MIN_EPOCH_SECONDS = 1e8;
const MAX_EPOCH_SECONDS = 1e11;
const MAX_EPOCH_MS = 1e14;
const MAX_EPOCH_US = 1e17;

export const EPOCH_FORMATS = { 'epoch-s': 1_000, 'epoch-ms': 1, 'epoch-us': 0.001 } as const;

/** Date.UTC that refuses what it would roll over (31 February, 25 o'clock). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction = '') {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return null;
  return fraction === '' ? ms : ms + Number(`0.${fraction}`) * 1000;
}

function parseIso(text: string): TimeParse {
  const m = ISO.exec(text);
  if (m === null)
    return { error: 'is not a time: expected ISO-8601 (2024-01-02, 2024-01-02T03:04:05Z) or epoch s/ms/µs' };
  const ms = utc(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '');
  if (ms === null) return { error: 'is not a valid date and time' };
  const zone = m[8];
  if (zone === undefined || zone.toUpperCase() === 'Z') return ms;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = +digits.slice(0, 2) * 60 + +(digits.slice(2) || 0);
  return zone[0] === '+' ? ms - offsetMinutes * 60_000 : ms + offsetMinutes * 60_000;
}

function parseEpoch(text: string): TimeParse {
  const value = Number(text);
  if (value < MIN_EPOCH_SECONDS) {
    return {
      error: 'is too small for an epoch time (before 1973); for a compact date give a time format, e.g. YYYYMMDD',
    };
  }
  if (value < MAX_EPOCH_SECONDS) return value * 1_000;
  if (value < MAX_EPOCH_MS) return value;
  if (value < MAX_EPOCH_US) return value / 1_000;
  return { error: 'is too large for epoch seconds, milliseconds or microseconds' };
}

export function parseIsoOrEpoch(text: string): TimeParse {
  return EPOCH.test(text) ? parseEpoch(text) : parseIso(text);
}

const TOKENS: Record<string, string> = {
  YYYY: '(?<year>\\d{4})',
  MM: '(?<month>\\d{1,2})',
  DD: '(?<day>\\d{1,2})',
  HH: '(?<hour>\\d{1,2})',
  mm: '(?<minute>\\d{1,2})',
  ss: '(?<second>\\d{1,2})',
  SSS: '(?<fraction>\\d{1,9})',
};
const TOKEN_PATTERN = /YYYY|MM|DD|HH|mm|ss|SSS/g;

/** A parser for `format`: a pattern of YYYY MM DD HH mm ss SSS and literal text, or an epoch unit. */
export function timeParser(format: string | null): TimeParser {
  if (format === null) return parseIsoOrEpoch;
  if (format in EPOCH_FORMATS) {
    const scale = EPOCH_FORMATS[format as keyof typeof EPOCH_FORMATS];
    return (text) => (EPOCH.test(text) ? Number(text) * scale : { error: `is not a number (time format ${format})` });
  }
  const seen: string[] = format.match(TOKEN_PATTERN) ?? [];
  if (!seen.includes('YYYY') || !seen.includes('MM') || !seen.includes('DD') || new Set(seen).size !== seen.length) {
    throw new ImportOptionsError(
      'timeFormat',
      format,
      `needs YYYY, MM and DD once each (optional HH, mm, ss, SSS), or one of ${Object.keys(EPOCH_FORMATS).join(', ')}`,
    );
  }
  const source = format
    .split(TOKEN_PATTERN)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .reduce((pattern, literal, index) => pattern + (index > 0 ? TOKENS[seen[index - 1]] : '') + literal, '');
  const pattern = new RegExp(`^${source}$`);
  return (text) => {
    const groups = pattern.exec(text)?.groups;
    if (groups === undefined) return { error: `does not match the time format ${format}` };
    const ms = utc(
      +groups.year,
      +groups.month,
      +groups.day,
      +(groups.hour ?? 0),
      +(groups.minute ?? 0),
      +(groups.second ?? 0),
      groups.fraction ?? '',
    );
    return ms === null ? { error: `is not a valid date and time (time format ${format})` } : ms;
  };
}
