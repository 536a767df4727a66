// `tickscope import FILE…`: history from files into the store. Binance dump files (trades,
// aggTrades, klines; .zip or .csv) are recognised by name or by --kind; the import runs oldest
// file first, and a file that does not read stores nothing.
import { MemoryBus } from '../../bus/memory-bus.js';
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../../domain/index.js';
import {
  DumpValidationError,
  importDumpFile,
  importOrder,
  type DumpFileResult,
} from '../../ingest/dump-import/dump-import.js';
import { IngestPipeline } from '../../ingest/ingest-pipeline.js';
import { DumpPlanError, type DumpFlags } from '../../ingest/dump-import/dump-file-plan.js';
import { ChecksumMismatchError } from '../../sources/binance/dump/dump-checksum.js';
import { DUMP_KINDS, type DumpKind } from '../../sources/binance/dump/dump-file-name.js';
import { DumpFileError } from '../../sources/binance/dump/dump-lines.js';
import { DumpRowError } from '../../sources/binance/dump/dump-rows.js';
import { openStore } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import { ConfigError, parseLogLevel } from '../config.js';
import { createLogger } from '../logger.js';
import { ProgressBar } from '../progress-bar.js';

export interface ImportOptions {
  flags: DumpFlags;
  db: string;
  progress?: boolean;
  logLevel?: string;
}

export interface ImportSummary {
  files: DumpFileResult[];
  /** Bars new or changed over the whole run, every timeframe (trades' last bars close at the end). */
  bars: number;
  ticks: number;
  seconds: number;
}

export function parseImportFlags(flags: {
  venue?: string;
  symbol?: string;
  kind?: string;
  interval?: string;
  db?: string;
  logLevel?: string;
}): ImportOptions {
  const parsed: DumpFlags = {};
  if (flags.venue !== undefined) {
    if (flags.venue !== 'binance' && flags.venue !== 'binance-futures')
      throw new ConfigError(`--venue must be binance or binance-futures, got "${flags.venue}"`);
    parsed.venue = flags.venue;
  }
  if (flags.kind !== undefined) {
    if (!(DUMP_KINDS as readonly string[]).includes(flags.kind))
      throw new ConfigError(`--kind must be ${DUMP_KINDS.join(', ')} (as Binance names them), got "${flags.kind}"`);
    parsed.kind = flags.kind as DumpKind;
  }
  if (flags.interval !== undefined) {
    if (!isTimeframe(flags.interval))
      throw new ConfigError(`--interval must be one of ${TIMEFRAMES.join(', ')}, got "${flags.interval}"`);
    parsed.interval = flags.interval as Timeframe;
  }
  if (flags.symbol !== undefined) parsed.symbol = flags.symbol;
  return {
    flags: parsed,
    db: flags.db ?? './data/tickscope.duckdb',
    logLevel: flags.logLevel === undefined ? undefined : parseLogLevel(flags.logLevel, '--log-level'),
  };
}

export async function importFiles(files: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const logger = createLogger(options.logLevel ?? 'warn');
  const store = await openStore({ path: options.db, logger });
  const pipeline = new IngestPipeline({ store, bus: new MemoryBus(), logger });
  const bar = new ProgressBar(options.progress ?? process.stderr.isTTY === true);
  const started = performance.now();
  const results: DumpFileResult[] = [];
  try {
    for (const file of importOrder(files)) {
      const label = file.split(/[\\/]/).pop() ?? file;
      try {
        results.push(
          await importDumpFile(file, options.flags, {
            store,
            pipeline,
            logger,
            onProgress: (done, total) => bar.update(total > 0 ? done / total : 1, label),
          }),
        );
      } catch (error) {
        if (error instanceof DumpValidationError) {
          throw new CliError(
            error.message,
            error.problems.map((p) => p.message),
          );
        }
        if (isInputError(error)) throw new CliError((error as Error).message);
        throw error;
      }
    }
    await pipeline.finish();
  } finally {
    await store.close();
  }
  bar.done(`${results.length} file(s)`);
  const kline = results.reduce((s, r) => s + (r.plan.kind === 'klines' ? r.bars : 0), 0);
  return {
    files: results,
    bars: kline + pipeline.changedBars,
    ticks: pipeline.counters.ticks,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

const VENUE_FROM = { flag: '--venue', path: 'the download path', columns: "the file's columns", default: 'default' };

export function formatImportSummary(summary: ImportSummary): string {
  const lines = summary.files.map((r) => {
    const what =
      r.plan.kind === 'klines'
        ? `${r.rows} klines (${r.emptyRows} of them without trades), ${r.bars} bars new or changed`
        : `${r.rows} rows, ${r.ticks} ticks stored, ${r.duplicates} already stored` +
          (r.sorted ? ', rows sorted by id first' : '');
    return (
      `${r.file}\n  ${r.plan.instrument} ${r.plan.kind}${r.plan.interval ? ` ${r.plan.interval}` : ''} ` +
      `(venue ${r.plan.venue} from ${VENUE_FROM[r.plan.venueFrom]}; checksum ${r.checksum})\n  ${what}`
    );
  });
  const rate = summary.seconds > 0 ? Math.round(summary.ticks / summary.seconds) : 0;
  lines.push(`ticks ${summary.ticks}  bars ${summary.bars}  seconds ${summary.seconds}  ticks/s ${rate}`);
  if (summary.ticks === 0 && summary.bars === 0) lines.push('nothing new: the store already has these files');
  return lines.join('\n');
}

/** Failures of the input, told as they are (no stack): a bad name, checksum, zip or first line. */
function isInputError(error: unknown): boolean {
  return (
    error instanceof DumpPlanError ||
    error instanceof ChecksumMismatchError ||
    error instanceof DumpFileError ||
    error instanceof DumpRowError
  );
}
