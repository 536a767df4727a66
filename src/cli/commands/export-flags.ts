// The flags of `tickscope export`, checked into one ExportOptions: which table (ticks, bars, alert
// events, gaps), which instrument and range, the file format and zone, and where to read from (the
// database file, or a running server's REST API with --server).
import { normalizeInstrumentId, parseTimeframe, type InstrumentId, type Timeframe } from '../../domain/index.js';
import { FILE_FORMATS, isTimeZone, type FileFormat } from '../../store/index.js';
import { ConfigError, parseLogLevel } from '../config.js';
import { parseDate } from './backfill.js';

export const EXPORT_TABLES = ['ticks', 'bars', 'alerts', 'gaps'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface ExportOptions {
  table: ExportTable;
  /** Required for ticks and bars; a filter for gaps. */
  instrument?: InstrumentId;
  timeframe?: Timeframe;
  from?: number;
  to?: number;
  format: FileFormat;
  out: string;
  tz?: string;
  db: string;
  /** Base URL of a running `tickscope start` (e.g. http://127.0.0.1:8000): read through its API instead of the file. */
  server?: string;
  progress?: boolean;
  logLevel?: string;
}

export type ExportFlags = Record<string, string | boolean | undefined>;

function text(flags: ExportFlags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new ConfigError(`${flag} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

function tableOf(flags: ExportFlags): ExportTable {
  const table = text(flags, 'table');
  if (flags.ticks === true) {
    if (table !== undefined && table !== 'ticks') throw new ConfigError(`--ticks contradicts --table ${table}`);
    return 'ticks';
  }
  if (table !== undefined) return oneOf('--table', table, EXPORT_TABLES);
  if (text(flags, 'timeframe') !== undefined) return 'bars';
  throw new ConfigError('say what to export: --timeframe 1m (bars), --ticks, or --table ticks|bars|alerts|gaps');
}

export function parseExportFlags(flags: ExportFlags, env: NodeJS.ProcessEnv = process.env): ExportOptions {
  const table = tableOf(flags);
  const out = text(flags, 'out');
  if (!out) throw new ConfigError('--out is required: the file to write, e.g. --out btc-1m.parquet');
  const format = oneOf('--format', text(flags, 'format') ?? formatFromName(out), FILE_FORMATS);
  const rawInstrument = text(flags, 'instrument');
  let instrument: InstrumentId | undefined;
  if (rawInstrument !== undefined) {
    try {
      instrument = normalizeInstrumentId(rawInstrument);
    } catch (error) {
      throw new ConfigError(`--instrument: ${(error as Error).message}`);
    }
  } else if (table === 'ticks' || table === 'bars') {
    throw new ConfigError(`--instrument is required for ${table}, e.g. --instrument binance:BTCUSDT`);
  }
  let timeframe: Timeframe | undefined;
  if (table === 'bars') {
    const raw = text(flags, 'timeframe');
    if (raw === undefined) throw new ConfigError('--timeframe is required for bars: 1s, 1m, 5m, 15m, 1h, 4h or 1d');
    try {
      timeframe = parseTimeframe(raw);
    } catch (error) {
      throw new ConfigError(`--timeframe: ${(error as Error).message}`);
    }
  }
  const from = text(flags, 'from') === undefined ? undefined : parseDate(text(flags, 'from')!, '--from');
  const to = text(flags, 'to') === undefined ? undefined : parseDate(text(flags, 'to')!, '--to');
  if (from !== undefined && to !== undefined && from >= to)
    throw new ConfigError(
      `--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`,
    );
  const tz = text(flags, 'tz');
  if (tz !== undefined && !isTimeZone(tz))
    throw new ConfigError(
      `--tz "${tz}" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC`,
    );
  const server = text(flags, 'server');
  if (server !== undefined && !/^https?:\/\/[^/]/.test(server))
    throw new ConfigError(`--server "${server}" is not an http(s) URL, e.g. http://127.0.0.1:8000`);
  return {
    table,
    instrument,
    timeframe,
    from,
    to,
    format,
    out,
    tz,
    db: text(flags, 'db') ?? env.TICKSCOPE_DB ?? './data/tickscope.duckdb',
    server: server?.replace(/\/+$/, ''),
    logLevel:
      text(flags, 'logLevel') === undefined ? undefined : parseLogLevel(text(flags, 'logLevel')!, '--log-level'),
  };
}

/** The format a file name asks for (`.csv`, `.parquet`, `.json`), csv when it says none. */
function formatFromName(out: string): string {
  const ext = /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase();
  return ext === 'parquet' || ext === 'json' || ext === 'csv' ? ext : 'csv';
}
