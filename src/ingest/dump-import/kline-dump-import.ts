// The second pass of a kline dump: each row a bar of its interval (trade count, quote volume and
// taker-buy volume kept), and every coarser timeframe resampled from them. Only bars whose
// contents differ from the stored ones are written, so a second import of a file writes nothing.
// A coarser bucket at either end of the file may also hold bars from another file (a partial day):
// those edge buckets are resampled again from the stored bars once the file's own are written.
import { BarResampler, coarserTimeframes } from '../../bars/bar-resampler.js';
import { TIMEFRAME_MS, TIMEFRAMES, type Bar, type Timeframe } from '../../domain/index.js';
import { readDumpLines } from '../../sources/binance/dump/dump-lines.js';
import { parseKlineRow } from '../../sources/binance/dump/dump-rows.js';
import { klineToBar } from '../../sources/binance/kline-backfill.js';
import type { Store } from '../../store/store.js';
import type { DumpFilePlan } from './dump-file-plan.js';

const BATCH = 20_000;

export interface KlineImportResult {
  /** Rows, each a bar of the interval. */
  bars: number;
  /** Rows without a trade (stored as bars all the same: the file's rows are the exchange's bars). */
  emptyRows: number;
  /** Bars written because they were new or differed from the stored ones, all timeframes. */
  changedBars: number;
}

export async function importKlineDump(
  plan: DumpFilePlan,
  store: Store,
  timeframes: readonly Timeframe[] = TIMEFRAMES,
  progress?: { bytesRead: number; totalBytes: number },
): Promise<KlineImportResult> {
  const interval = plan.interval as Timeframe;
  const result: KlineImportResult = { bars: 0, emptyRows: 0, changedBars: 0 };
  const coarser = coarserTimeframes(interval, timeframes);
  const pending = new Map<Timeframe, Bar[]>([[interval, []], ...coarser.map((tf) => [tf, []] as [Timeframe, Bar[]])]);
  const edges = new Map<Timeframe, { first: number; last: number }>();
  const resamplers = coarser.map(
    (tf) =>
      new BarResampler(tf, (bar) => {
        const edge = edges.get(tf);
        if (edge === undefined) edges.set(tf, { first: bar.start, last: bar.start });
        else edge.last = bar.start;
        pending.get(tf)?.push(bar);
      }),
  );
  const writePending = async (minimum: number) => {
    for (const [tf, bars] of pending) {
      if (bars.length < minimum || bars.length === 0) continue;
      pending.set(tf, []);
      result.changedBars += await writeChangedBars(store, bars);
    }
  };

  for await (const { lines, firstLine } of readDumpLines(plan.file, progress)) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      if (text.length === 0 || (firstLine + i === 1 && plan.layout.hasHeader)) continue;
      const row = parseKlineRow(text, firstLine + i, plan.layout);
      // Klines are the exchange's own bars: a row without a trade is still a bar (pandas' resample of the rows
      // keeps it too), unlike an empty bucket of trades, which has no row at all.
      if (row.trades === 0) result.emptyRows++;
      const bar = klineToBar(row, plan.instrument, interval);
      result.bars++;
      pending.get(interval)?.push(bar);
      for (const resampler of resamplers) resampler.add(bar);
    }
    await writePending(BATCH);
  }
  for (const resampler of resamplers) resampler.flush();
  await writePending(1);
  result.changedBars += await resampleEdgesFromStore(store, plan, interval, edges);
  return result;
}

/** Upserts the bars (one instrument and timeframe, ascending) that are not stored as they are. */
export async function writeChangedBars(store: Store, bars: readonly Bar[]): Promise<number> {
  if (bars.length === 0) return 0;
  const [first] = bars;
  await store.flush();
  const stored = await store.readBars({
    instrument: first.instrument,
    timeframe: first.timeframe,
    from: first.start,
    to: bars[bars.length - 1].start + 1,
  });
  const byStart = new Map(stored.map((bar) => [bar.start, bar]));
  const changed = bars.filter((bar) => !sameBar(byStart.get(bar.start), bar));
  if (changed.length > 0) store.upsertBars(changed);
  return changed.length;
}

async function resampleEdgesFromStore(
  store: Store,
  plan: DumpFilePlan,
  interval: Timeframe,
  edges: Map<Timeframe, { first: number; last: number }>,
): Promise<number> {
  let changed = 0;
  for (const [timeframe, { first, last }] of edges) {
    for (const start of new Set([first, last])) {
      await store.flush();
      const finer = await store.readBars({
        instrument: plan.instrument,
        timeframe: interval,
        from: start,
        to: start + TIMEFRAME_MS[timeframe],
      });
      const rebuilt: Bar[] = [];
      const resampler = new BarResampler(timeframe, (bar) => rebuilt.push(bar));
      for (const bar of finer) resampler.add(bar);
      resampler.flush();
      changed += await writeChangedBars(store, rebuilt);
    }
  }
  return changed;
}

function sameBar(stored: Bar | undefined, bar: Bar): boolean {
  return (
    stored !== undefined &&
    stored.open === bar.open &&
    stored.high === bar.high &&
    stored.low === bar.low &&
    stored.close === bar.close &&
    stored.volume === bar.volume &&
    stored.quoteVolume === bar.quoteVolume &&
    stored.trades === bar.trades &&
    stored.buyVolume === bar.buyVolume &&
    stored.vwap === bar.vwap
  );
}
