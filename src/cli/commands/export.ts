// `tickscope export`: stored ticks, bars, alert events or gaps of a range to a CSV, Parquet or JSON
// file. Ticks and bars are copied by DuckDB straight from the database to the file (10 M ticks never
// enter the JS heap), with a progress bar from DuckDB's own query progress. The file appears under
// its name only once complete. DuckDB lets one process open a database file: while `tickscope start`
// holds it, the export reads through that server's REST API instead (--server).
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AlertEvent } from '../../alerts/alert-event.js';
import { withLocalTime } from '../../server/export/local-time.js';
import { ALERT_EVENT_COLUMNS, GAP_COLUMNS, gapInRange } from '../../server/export/record-columns.js';
import { ParquetWriter, toCsv, type Column } from '../../server/export/table-export.js';
import type { GapRecord } from '../../sources/binance/gap-log.js';
import { DuckDbStore, type FileFormat, type StoredTableQuery } from '../../store/index.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { createLogger } from '../logger.js';
import { ProgressBar } from '../progress-bar.js';
import type { ExportOptions } from './export-flags.js';

/** Events are kept for a retention period (default 30 days, at most 100000): this covers any history. */
const MAX_ALERT_EVENTS = 10_000_000;

export interface ExportSummary {
  /** Rows written; null when read through a server that does not say. */
  rows: number | null;
  bytes: number;
  out: string;
  via: 'database' | 'server';
}

/** The REST request that gives the same file from a running server. */
export function exportUrl(options: ExportOptions, base: string): string {
  const path = { ticks: 'ticks', bars: 'bars', alerts: 'alerts/events', gaps: 'gaps' }[options.table];
  const query = new URLSearchParams();
  if (options.instrument !== undefined && options.table !== 'alerts') query.set('instrument', options.instrument);
  if (options.timeframe !== undefined) query.set('timeframe', options.timeframe);
  if (options.from !== undefined) query.set('from', String(options.from));
  if (options.to !== undefined) query.set('to', String(options.to));
  if (options.table === 'alerts') query.set('limit', '10000');
  if (options.table === 'gaps') query.set('limit', '5000');
  query.set('format', options.format);
  if (options.tz !== undefined) query.set('tz', options.tz);
  return `${base}/api/v1/${path}?${query}`;
}

export async function exportData(options: ExportOptions): Promise<ExportSummary> {
  return options.server === undefined ? exportFromDatabase(options) : exportFromServer(options, options.server);
}

async function openDatabase(options: ExportOptions): Promise<DuckDbStore> {
  if (!existsSync(options.db))
    throw new CliError(`no database at ${options.db}; name it with --db or TICKSCOPE_DB`, [], EXIT_USAGE);
  const store = new DuckDbStore({ path: options.db, logger: createLogger(options.logLevel ?? 'warn') });
  try {
    await store.open();
  } catch (error) {
    if (/Could not set lock/i.test(String((error as Error).message))) {
      const url = exportUrl(options, 'http://127.0.0.1:8000');
      throw new CliError(
        `${options.db} is in use by another process (a running tickscope start?): DuckDB lets only one process ` +
          'open a database file. Export through the running server instead:',
        [`tickscope export … --server http://127.0.0.1:8000`, `curl -o ${options.out} "${url}"`],
      );
    }
    throw error;
  }
  return store;
}

async function exportFromDatabase(options: ExportOptions): Promise<ExportSummary> {
  const store = await openDatabase(options);
  const out = resolve(options.out);
  const bar = new ProgressBar(options.progress);
  try {
    let rows: number;
    if (options.table === 'ticks' || options.table === 'bars') {
      const query = storedQuery(options);
      const label = `${options.table} of ${options.instrument}`;
      ({ rows } = await store.copyToFile(query, { format: options.format, path: out, tz: options.tz }, (fraction) =>
        bar.update(fraction, label),
      ));
      bar.done(`${rows} ${label}`);
    } else if (options.table === 'alerts') {
      const events = (await store.readAlertEvents({
        from: options.from,
        to: options.to,
        limit: MAX_ALERT_EVENTS,
      })) as AlertEvent[];
      const selected = events.filter(
        (e) =>
          options.instrument === undefined ||
          ('instrument' in e.target
            ? e.target.instrument === options.instrument
            : [e.target.pair.x, e.target.pair.y].includes(options.instrument)),
      );
      rows = await writeRecords(ALERT_EVENT_COLUMNS, 'firedAt', selected, options, out);
    } else {
      const gaps = ((await store.getSetting<GapRecord[]>('gaps')) ?? [])
        .filter(
          (g) =>
            (options.instrument === undefined || g.instrument === options.instrument) &&
            gapInRange(g, options.from, options.to),
        )
        .sort((a, b) => b.detectedAt - a.detectedAt);
      rows = await writeRecords(GAP_COLUMNS, 'detectedAt', gaps, options, out);
    }
    return { rows, bytes: (await stat(out)).size, out, via: 'database' };
  } finally {
    await store.close();
  }
}

function storedQuery(options: ExportOptions): StoredTableQuery {
  const { instrument, from, to } = options;
  if (instrument === undefined) throw new CliError(`--instrument is required for ${options.table}`, [], EXIT_USAGE);
  if (options.table === 'ticks') return { table: 'ticks', instrument, from, to };
  if (options.timeframe === undefined) throw new CliError('--timeframe is required for bars', [], EXIT_USAGE);
  return { table: 'bars', instrument, timeframe: options.timeframe, from, to };
}

/** Alert events and gaps are small tables: written from memory, through a `.partial` file. */
async function writeRecords<Row>(
  columns: readonly Column<Row>[],
  epochColumn: string,
  rows: readonly Row[],
  options: { format: FileFormat; tz?: string },
  out: string,
): Promise<number> {
  const partial = `${out}.partial`;
  try {
    if (options.format === 'json') {
      await writeFile(partial, `${JSON.stringify(rows)}\n`);
    } else if (options.format === 'csv') {
      await writeFile(partial, toCsv(withLocalTime(columns, epochColumn, options.tz), rows));
    } else {
      const writer = new ParquetWriter();
      try {
        const file = await writer.write(withLocalTime(columns, epochColumn, options.tz), rows);
        await copyFile(file.path, partial);
        await file.cleanup();
      } finally {
        await writer.close();
      }
    }
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return rows.length;
}

async function exportFromServer(options: ExportOptions, base: string): Promise<ExportSummary> {
  if (options.format === 'json' && (options.table === 'ticks' || options.table === 'bars'))
    throw new CliError(
      'the API answers JSON ticks and bars in pages of at most 100000 rows; with --server use --format csv or parquet',
      [],
      EXIT_USAGE,
    );
  const url = exportUrl(options, base);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new CliError(`cannot reach ${base}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (!response.ok || response.body === null) {
    const body = await response.text();
    let message = body;
    try {
      message = (JSON.parse(body) as { error: { message: string } }).error.message;
    } catch {}
    throw new CliError(`${base} refused the export (HTTP ${response.status}): ${message}`);
  }
  const out = resolve(options.out);
  const partial = `${out}.partial`;
  const bar = new ProgressBar(options.progress);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      bar.note(`${(bytes / 1e6).toFixed(1)} MB of ${options.table} from ${base}`);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as never), counter, createWriteStream(partial));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  bar.done(`${(bytes / 1e6).toFixed(1)} MB`);
  const rows = response.headers.get('x-row-count');
  return { rows: rows === null ? null : Number(rows), bytes, out, via: 'server' };
}
