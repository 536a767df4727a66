// A trades or aggTrades dump in one pass: bytes parsed into columns, trades through the ingest
// pipeline's bar builder in columns (ingestColumns: the same de-duplication and bar code as live
// data), ticks and closed bars into a bulk import of the store that commits them together at the
// end, or drops them all at the first bad row, so a bad file still stores nothing. Trades files
// are in id order and stream through (a row out of order is a bad row); aggTrades may not be
// (USD-M monthly files), so they are held in columns (64 bytes a row) and fed in id order, each
// aggregate as one tick per trade id it covers, its quantity shared evenly as the REST gap filler does.
import type { Bar, InstrumentId } from '../../domain/index.js';
import { readDumpChunks, type DumpLineProgress } from '../../sources/binance/dump/dump-lines.js';
import { DumpRowError } from '../../sources/binance/dump/dump-rows.js';
import { TradeColumns, tradeBytesParser } from '../../sources/binance/dump/trade-columns.js';
import type { TickColumns, TickImport } from '../../store/store.js';
import type { IngestPipeline } from '../ingest-pipeline.js';
import type { DumpFilePlan } from './dump-file-plan.js';
import { MAX_PROBLEMS } from './dump-validation.js';

/** Trades handed to the pipeline and the store at once. */
const FEED_ROWS = 16_384;

export interface TradeBulkImportResult {
  rows: number;
  /** Rows with problems, all of them; only the first MAX_PROBLEMS are in `problems`. */
  badRows: number;
  problems: DumpRowError[];
  /** aggTrades: rows were not in id order and were sorted first. */
  sorted: boolean;
}

/** Imports the file's trades; when a row is bad, aborts the store's import (nothing stored) and says why. */
export async function bulkImportTrades(
  plan: DumpFilePlan,
  pipeline: IngestPipeline,
  beginImport: (instrument: InstrumentId) => Promise<TickImport>,
  progress?: DumpLineProgress,
): Promise<TradeBulkImportResult> {
  const result: TradeBulkImportResult = { rows: 0, badRows: 0, problems: [], sorted: false };
  const onError = (error: DumpRowError) => {
    result.badRows++;
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(error);
  };
  const parser = tradeBytesParser(plan.kind === 'aggTrades' ? 'aggTrades' : 'trades', plan.layout);
  const staged = await beginImport(plan.instrument);
  try {
    const feeder = new TradeFeeder(plan.instrument, pipeline, staged);
    const rows = new TradeColumns(plan.kind === 'aggTrades' ? 1 << 16 : FEED_ROWS * 2);
    let previous = Number.NEGATIVE_INFINITY;
    for await (const { bytes, firstLine } of readDumpChunks(plan.file, progress)) {
      result.rows += parser.parse(bytes, firstLine, rows, onError);
      if (plan.kind === 'aggTrades') continue;
      if (result.badRows === 0 && rows.length >= FEED_ROWS) {
        previous = checkIdOrder(rows, previous, onError);
        if (result.badRows === 0) await feeder.feedTrades(rows);
      }
      if (result.badRows > 0 || rows.length >= FEED_ROWS) rows.clear();
    }
    if (result.badRows === 0 && plan.kind !== 'aggTrades') {
      checkIdOrder(rows, previous, onError);
      if (result.badRows === 0) await feeder.feedTrades(rows);
    }
    if (result.badRows === 0 && plan.kind === 'aggTrades') result.sorted = await feeder.feedAggregatesById(rows);
    if (result.badRows > 0) {
      await staged.abort();
      return result;
    }
    await staged.commit();
    return result;
  } catch (error) {
    await staged.abort();
    throw error;
  }
}

/** A trades file is in id order: a row at or below the one before is an error (it would be taken for a duplicate). */
function checkIdOrder(rows: TradeColumns, previous: number, onError: (error: DumpRowError) => void): number {
  let last = previous;
  for (let i = 0; i < rows.length; i++) {
    const id = rows.id[i];
    if (id <= last) {
      onError(
        new DumpRowError(
          rows.line[i],
          'id',
          String(id),
          `is not above the row before (${last}): trades files are in id order`,
        ),
      );
    }
    last = id;
  }
  return last;
}

/** Trades into the pipeline's bar builder, and the new ones with the bars they close into the store's import. */
class TradeFeeder {
  private readonly ticks: TickColumns & { length: number } = {
    id: new Float64Array(FEED_ROWS),
    ts: new Float64Array(FEED_ROWS),
    price: new Float64Array(FEED_ROWS),
    qty: new Float64Array(FEED_ROWS),
    buyerMaker: new Uint8Array(FEED_ROWS),
    length: 0,
  };

  constructor(
    private readonly instrument: InstrumentId,
    private readonly pipeline: IngestPipeline,
    private readonly staged: TickImport,
  ) {}

  /** Rows of a trades file, one tick each (the columns are compacted to the new trades). */
  feedTrades(rows: TradeColumns): Promise<void> {
    return this.feed(rows, rows.length);
  }

  /** Rows of an aggTrades file, in aggregate-id order; true when they had to be sorted. */
  async feedAggregatesById(rows: TradeColumns): Promise<boolean> {
    const order = new Uint32Array(rows.length);
    let ascending = true;
    for (let i = 0; i < order.length; i++) {
      order[i] = i;
      if (i > 0 && rows.id[i] <= rows.id[i - 1]) ascending = false;
    }
    if (!ascending) order.sort((a, b) => rows.id[a] - rows.id[b]);
    const ticks = this.ticks;
    for (const i of order) {
      const first = rows.first[i];
      const count = rows.last[i] - first + 1;
      const qty = count === 1 ? rows.qty[i] : rows.qty[i] / count;
      for (let k = 0; k < count; k++) {
        const n = ticks.length++;
        ticks.id[n] = first + k;
        ticks.ts[n] = rows.ts[i];
        ticks.price[n] = rows.price[i];
        ticks.qty[n] = qty;
        ticks.buyerMaker[n] = rows.buyerMaker[i];
        if (ticks.length === FEED_ROWS) await this.flushTicks();
      }
    }
    await this.flushTicks();
    return !ascending;
  }

  private async flushTicks(): Promise<void> {
    const count = this.ticks.length;
    this.ticks.length = 0;
    await this.feed(this.ticks, count);
  }

  private async feed(columns: TickColumns, count: number): Promise<void> {
    if (count === 0) return;
    const closed: Bar[] = [];
    const kept = this.pipeline.ingestColumns(this.instrument, columns, count, closed);
    if (closed.length > 0) this.staged.upsertBars(closed);
    await this.staged.appendTicks(columns, kept);
  }
}
