// `tickscope import` for Binance dump files: per file, the checksum (when Binance's .CHECKSUM is
// beside it), then the rows, a file with a bad row storing nothing: trades and aggTrades in one pass
// through the live pipeline's bar builder into the store's bulk import (committed at the end, see
// trade-bulk-import.ts), or, on a store without one, a validation pass and then the live pipeline;
// klines after a validation pass, as bars of their interval and coarser.
// Files run oldest first per instrument, since the trade-id high-water mark that makes a second
// import add nothing would also drop an older file imported after a newer one.
import { TIMEFRAMES, type InstrumentId, type Timeframe } from '../../domain/index.js';
import type { Logger } from '../../domain/logger.js';
import { verifyDumpChecksum } from '../../sources/binance/dump/dump-checksum.js';
import { DumpFileError, readDumpLines } from '../../sources/binance/dump/dump-lines.js';
import type { DumpRowError } from '../../sources/binance/dump/dump-rows.js';
import type { Store } from '../../store/store.js';
import type { IngestPipeline } from '../ingest-pipeline.js';
import { planDumpFile, type DumpFilePlan, type DumpFlags } from './dump-file-plan.js';
import { validateDumpFile } from './dump-validation.js';
import { importKlineDump } from './kline-dump-import.js';
import { bulkImportTrades } from './trade-bulk-import.js';
import { feedTradeDump } from './trade-dump-import.js';

export interface DumpImportDeps {
  store: Store;
  /** Builds ticks and bars of trades files; its timeframes are the ones klines are resampled to. */
  pipeline: IngestPipeline;
  timeframes?: readonly Timeframe[];
  logger?: Logger;
  /** Bytes of CSV text read over every pass of the file (one or two), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface DumpFileResult {
  file: string;
  plan: Omit<DumpFilePlan, 'layout'> & { hasHeader: boolean };
  checksum: 'verified' | 'absent';
  rows: number;
  /** Trades and aggTrades: ticks stored; ticks of trades already stored are `duplicates`. */
  ticks: number;
  duplicates: number;
  /** Klines: rows without a trade (no bar). */
  emptyRows: number;
  /** Bars new or changed, every timeframe. */
  bars: number;
  /** Rows were not in id order and were sorted first. */
  sorted: boolean;
}

/** A file that failed validation: nothing of it was stored. */
export class DumpValidationError extends Error {
  override name = 'DumpValidationError';
  constructor(
    readonly file: string,
    readonly badRows: number,
    readonly problems: readonly DumpRowError[],
  ) {
    super(
      `${file}: ${badRows} row(s) could not be read, nothing of this file was stored; ` +
        `first: ${problems[0]?.message ?? '?'}`,
    );
  }
}

async function firstLineOf(file: string): Promise<string> {
  for await (const { lines } of readDumpLines(file)) {
    const line = lines.find((l) => l.length > 0);
    if (line !== undefined) return line;
  }
  throw new DumpFileError(`${file} is empty: no line to read`);
}

/** Oldest first per instrument: the Binance names sort by symbol, kind and date. */
export function importOrder(files: readonly string[]): string[] {
  const base = (f: string) => f.split(/[\\/]/).pop() ?? f;
  return [...files].sort((a, b) => base(a).localeCompare(base(b)));
}

export async function importDumpFile(file: string, flags: DumpFlags, deps: DumpImportDeps): Promise<DumpFileResult> {
  const plan = planDumpFile(file, await firstLineOf(file), flags);
  const checksum = await verifyDumpChecksum(file);
  const progress = { bytesRead: 0, totalBytes: 0 };
  const { store } = deps;
  const bulk = plan.kind !== 'klines' && store.beginTickImport !== undefined;
  const passes = bulk ? 1 : 2;
  const report = () => deps.onProgress?.(progress.bytesRead, progress.totalBytes * passes);
  const timer = deps.onProgress ? setInterval(report, 200) : undefined;
  try {
    if (bulk) {
      const result = await importTradesInOnePass(plan, checksum.status, deps, progress);
      report();
      return result;
    }
    const validation = await validateDumpFile(plan, progress);
    if (validation.badRows > 0) throw new DumpValidationError(file, validation.badRows, validation.problems);
    const result: DumpFileResult = {
      file,
      plan: { ...withoutLayout(plan), hasHeader: plan.layout.hasHeader },
      checksum: checksum.status,
      rows: validation.rows,
      ticks: 0,
      duplicates: 0,
      emptyRows: 0,
      bars: 0,
      sorted: !validation.ascending && plan.kind !== 'klines',
    };
    if (plan.kind === 'klines') {
      const klines = await importKlineDump(plan, deps.store, deps.timeframes ?? TIMEFRAMES, progress);
      result.emptyRows = klines.emptyRows;
      result.bars = klines.changedBars;
    } else {
      const { pipeline } = deps;
      await pipeline.resume([plan.instrument]);
      const before = { ticks: pipeline.counters.ticks, duplicates: pipeline.counters.duplicates };
      const changedBefore = pipeline.changedBars;
      await feedTradeDump(plan, pipeline, validation.ascending, progress);
      result.ticks = pipeline.counters.ticks - before.ticks;
      result.duplicates = pipeline.counters.duplicates - before.duplicates;
      result.bars = pipeline.changedBars - changedBefore;
      if (result.ticks === 0 && result.duplicates > 0) {
        deps.logger?.warn(
          { file, instrument: plan.instrument, lastTradeId: pipeline.lastTradeId(plan.instrument) },
          'every trade of the file is at or below the last stored trade id: already imported, or older than it',
        );
      }
    }
    report();
    return result;
  } finally {
    if (timer) clearInterval(timer);
  }
}

async function importTradesInOnePass(
  plan: DumpFilePlan,
  checksum: DumpFileResult['checksum'],
  { store, pipeline, logger }: DumpImportDeps,
  progress: { bytesRead: number; totalBytes: number },
): Promise<DumpFileResult> {
  await pipeline.resume([plan.instrument]);
  const before = { ticks: pipeline.counters.ticks, duplicates: pipeline.counters.duplicates };
  const changedBefore = pipeline.changedBars;
  const begin = (store.beginTickImport as NonNullable<Store['beginTickImport']>).bind(store);
  const read = await bulkImportTrades(plan, pipeline, begin, progress);
  if (read.badRows > 0) throw new DumpValidationError(plan.file, read.badRows, read.problems);
  const result: DumpFileResult = {
    file: plan.file,
    plan: { ...withoutLayout(plan), hasHeader: plan.layout.hasHeader },
    checksum,
    rows: read.rows,
    ticks: pipeline.counters.ticks - before.ticks,
    duplicates: pipeline.counters.duplicates - before.duplicates,
    emptyRows: 0,
    bars: pipeline.changedBars - changedBefore,
    sorted: read.sorted,
  };
  if (result.ticks === 0 && result.duplicates > 0) {
    logger?.warn(
      { file: plan.file, instrument: plan.instrument, lastTradeId: pipeline.lastTradeId(plan.instrument) },
      'every trade of the file is at or below the last stored trade id: already imported, or older than it',
    );
  }
  return result;
}

function withoutLayout({ layout: _layout, ...rest }: DumpFilePlan): Omit<DumpFilePlan, 'layout'> {
  return rest;
}

/** Instruments a batch of results wrote to. */
export function importedInstruments(results: readonly DumpFileResult[]): InstrumentId[] {
  return [...new Set(results.map((r) => r.plan.instrument))];
}
