// The readable time column of CSV/Parquet exports: an epoch-ms column shown as ISO 8601 local time
// in an IANA zone with its offset (`2024-03-31T03:00:00.000+02:00`), the same text the store's
// DuckDB copy writes for ticks and bars (src/store/duckdb/table-copy.ts), so every export reads alike.
import { isTimeZone } from '../../store/index.js';
import { badRequest } from '../errors.js';
import type { Column } from './table-export.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `epochMs` as local ISO 8601 in `zone`, milliseconds and offset included. */
export function localIso(epochMs: number, zone: string): string {
  const ms = Math.floor(epochMs);
  const second = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(second)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offsetMin = Math.round((wall - second) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return (
    `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}:` +
    `${pad(parts.second)}.${pad(ms - second, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The `tz` query parameter checked: an IANA zone, else a 400 that says what is allowed. */
export function requireTimeZone(tz: string | undefined): string | undefined {
  if (tz === undefined || isTimeZone(tz)) return tz;
  throw badRequest(`tz "${tz}" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC`, {
    field: 'tz',
    value: tz,
  });
}

/** `columns` with a text column `time` (local ISO of `epochColumn`) right after it; unchanged without a zone. */
export function withLocalTime<Row>(
  columns: readonly Column<Row>[],
  epochColumn: string,
  tz: string | undefined,
): readonly Column<Row>[] {
  if (tz === undefined) return columns;
  const index = columns.findIndex((c) => c.name === epochColumn);
  if (index < 0) throw new Error(`no column "${epochColumn}" to show as local time`);
  const epoch = columns[index];
  const time: Column<Row> = {
    name: 'time',
    kind: 'text',
    value: (row) => {
      const value = epoch.value(row);
      return typeof value === 'number' && Number.isFinite(value) ? localIso(value, tz) : null;
    },
  };
  return [...columns.slice(0, index + 1), time, ...columns.slice(index + 1)];
}
