// Stored ticks and bars copied straight to a CSV or Parquet file by DuckDB (`COPY (query) TO`), so
// that an export of millions of rows never passes through the JS heap. Also builds the readable
// local-time column: ISO 8601 with the zone's offset, at millisecond precision.
import { TIMEFRAMES, type InstrumentId, type Timeframe } from '../../domain/index.js';

export const FILE_FORMATS = ['csv', 'parquet', 'json'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export type StoredTableQuery =
  | { table: 'ticks'; instrument: InstrumentId; from?: number; to?: number }
  | { table: 'bars'; instrument: InstrumentId; timeframe: Timeframe; from?: number; to?: number };

export interface FileTarget {
  format: FileFormat;
  /** File to write (replaced if present). */
  path: string;
  /** IANA zone: adds a `time` column with the local ISO 8601 time (offset included) after the epoch column. */
  tz?: string;
}

export interface CopySummary {
  rows: number;
}

/** Whether `zone` is an IANA time zone this runtime knows (UTC included). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function checkTimeZone(zone: string): string {
  if (!isTimeZone(zone))
    throw new RangeError(
      `tz "${zone}" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC`,
    );
  return zone;
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function epochUsLiteral(field: string, epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`${field} must be a finite epoch-ms number, got ${epochMs}`);
  return `make_timestamp(${Math.round(epochMs * 1000)}::BIGINT)`;
}

/** `time` of a TIMESTAMP column `column` (UTC) in `zone`: `2024-01-01T01:00:00.000+01:00`. */
export function localIsoSql(column: string, zone: string): string {
  const local = `timezone(${sqlString(checkTimeZone(zone))}, ${column} AT TIME ZONE 'UTC')`;
  const offset = `(epoch(${local}) - epoch(${column}))::INTEGER`;
  return (
    `strftime(${local}, '%Y-%m-%dT%H:%M:%S.%g') || CASE WHEN ${offset} < 0 THEN '-' ELSE '+' END || ` +
    `lpad((abs(${offset}) // 3600)::VARCHAR, 2, '0') || ':' || lpad((abs(${offset}) % 3600 // 60)::VARCHAR, 2, '0')`
  );
}

/**
 * The SELECT of an export: the same columns (and names) as the JSON of /api/v1/ticks and /bars, epoch
 * ms first. Tick `ts` and `receivedAt` are DOUBLE epoch ms (µs kept as fractions), bar `start` BIGINT.
 */
export function exportSelectSql(query: StoredTableQuery, tz?: string): string {
  const conditions = [`instrument = ${sqlString(query.instrument)}`];
  const timeColumn = query.table === 'ticks' ? 'ts' : 'start';
  if (query.from !== undefined) conditions.push(`${timeColumn} >= ${epochUsLiteral('from', query.from)}`);
  if (query.to !== undefined) conditions.push(`${timeColumn} < ${epochUsLiteral('to', query.to)}`);
  const time = tz === undefined ? '' : `, ${localIsoSql(timeColumn, tz)} AS "time"`;
  if (query.table === 'ticks') {
    return (
      `SELECT id, epoch_us(ts)::DOUBLE / 1000 AS ts${time}, price, qty, buyer_maker AS "buyerMaker", ` +
      `epoch_us(received_at)::DOUBLE / 1000 AS "receivedAt" FROM ticks ` +
      `WHERE ${conditions.join(' AND ')} ORDER BY ts, id`
    );
  }
  if (!(TIMEFRAMES as readonly string[]).includes(query.timeframe))
    throw new RangeError(`timeframe "${query.timeframe}" is not one of ${TIMEFRAMES.join(', ')}`);
  conditions.push(`timeframe = ${sqlString(query.timeframe)}`);
  return (
    `SELECT epoch_ms(start) AS start${time}, open, high, low, close, volume, quote_volume AS "quoteVolume", trades, ` +
    `buy_volume AS "buyVolume", vwap FROM bars WHERE ${conditions.join(' AND ')} ORDER BY start`
  );
}

const COPY_OPTIONS: Record<FileFormat, string> = {
  csv: '(FORMAT csv, HEADER true)',
  parquet: '(FORMAT parquet, COMPRESSION zstd)',
  // One JSON array of row objects, like the API's JSON answers.
  json: '(FORMAT json, ARRAY true)',
};

export function copyToFileSql(query: StoredTableQuery, target: FileTarget): string {
  if (!(FILE_FORMATS as readonly string[]).includes(target.format))
    throw new RangeError(`format "${target.format}" is not one of ${FILE_FORMATS.join(', ')}`);
  const options = COPY_OPTIONS[target.format];
  return `COPY (${exportSelectSql(query, target.tz)}) TO ${sqlString(target.path)} ${options}`;
}
