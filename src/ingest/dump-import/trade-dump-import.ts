// Trades and aggTrades for a store without a bulk import (Store.beginTickImport): the second pass,
// after validateDumpFile, feeding every trade through the live ingest pipeline (trade-id
// de-duplication, ticks, bars of every timeframe). An aggregate becomes one tick per trade id it
// covers, its quantity shared evenly, as the REST gap filler does. Files in id order stream through;
// a file that is not (USD-M monthly aggTrades) is held in columns and fed in id order, as the trade-id
// high-water mark drops anything below it. Stores with a bulk import take trade-bulk-import.ts instead.
import type { Tick } from '../../domain/index.js';
import { readDumpLines } from '../../sources/binance/dump/dump-lines.js';
import {
  parseAggTradeRow,
  parseTradeRow,
  type AggTradeRow,
  type TradeRow,
} from '../../sources/binance/dump/dump-rows.js';
import type { IngestPipeline } from '../ingest-pipeline.js';
import type { DumpFilePlan } from './dump-file-plan.js';

const BATCH = 4_096;

export interface TradeFeedProgress {
  bytesRead: number;
  totalBytes: number;
}

/** Feeds the file's trades to the pipeline in id order; returns the number of trades fed. */
export async function feedTradeDump(
  plan: DumpFilePlan,
  pipeline: IngestPipeline,
  ascending: boolean,
  progress?: TradeFeedProgress,
): Promise<number> {
  const sink = new TickBatcher(plan, pipeline);
  if (ascending) {
    await forEachTradeRow(plan, progress, (row) => sink.add(row));
  } else {
    const columns = new RowColumns();
    await forEachTradeRow(plan, progress, (row) => columns.push(row));
    columns.forEachById((row) => sink.add(row));
  }
  return sink.finish();
}

/**
 * Calls `onRow` with every row as an aggregate (a trade is an aggregate of itself). The row object
 * is reused, and rows are handed over synchronously within a chunk of lines: an async iterator
 * per row cost more than parsing it.
 */
async function forEachTradeRow(
  plan: DumpFilePlan,
  progress: TradeFeedProgress | undefined,
  onRow: (row: AggTradeRow) => void,
): Promise<void> {
  const row: AggTradeRow = { id: 0, ts: 0, price: 0, qty: 0, buyerMaker: false, firstTradeId: 0, lastTradeId: 0 };
  const trade = row as TradeRow;
  const { layout } = plan;
  for await (const { lines, firstLine } of readDumpLines(plan.file, progress)) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      if (text.length === 0 || (firstLine + i === 1 && layout.hasHeader)) continue;
      if (plan.kind === 'trades') {
        parseTradeRow(text, firstLine + i, layout, trade);
        row.firstTradeId = row.id;
        row.lastTradeId = row.id;
      } else {
        parseAggTradeRow(text, firstLine + i, layout, row);
      }
      onRow(row);
    }
  }
}

/** Ticks of the rows, handed to the pipeline in batches. */
class TickBatcher {
  private batch: Tick[] = [];
  private fed = 0;

  constructor(
    private readonly plan: DumpFilePlan,
    private readonly pipeline: IngestPipeline,
  ) {}

  add(row: AggTradeRow): void {
    const { instrument } = this.plan;
    const count = row.lastTradeId - row.firstTradeId + 1;
    const qty = count === 1 ? row.qty : row.qty / count;
    for (let id = row.firstTradeId; id <= row.lastTradeId; id++) {
      this.batch.push({ instrument, id, ts: row.ts, price: row.price, qty, buyerMaker: row.buyerMaker });
    }
    if (this.batch.length >= BATCH) this.flush();
  }

  finish(): number {
    this.flush();
    return this.fed;
  }

  private flush(): void {
    this.pipeline.ingest(this.batch);
    this.fed += this.batch.length;
    this.batch = [];
  }
}

/** Rows held in columns (49 bytes a row), replayed in aggregate-id order. */
class RowColumns {
  private columns = allocate(1 << 16);
  private count = 0;

  push(row: AggTradeRow): void {
    if (this.count === this.columns.id.length) this.columns = grow(this.columns, this.count * 2);
    const c = this.columns;
    const n = this.count++;
    c.id[n] = row.id;
    c.ts[n] = row.ts;
    c.price[n] = row.price;
    c.qty[n] = row.qty;
    c.first[n] = row.firstTradeId;
    c.last[n] = row.lastTradeId;
    c.buyerMaker[n] = row.buyerMaker ? 1 : 0;
  }

  forEachById(onRow: (row: AggTradeRow) => void): void {
    const c = this.columns;
    const order = new Uint32Array(this.count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => c.id[a] - c.id[b]);
    const row: AggTradeRow = { id: 0, ts: 0, price: 0, qty: 0, buyerMaker: false, firstTradeId: 0, lastTradeId: 0 };
    for (const i of order) {
      row.id = c.id[i];
      row.ts = c.ts[i];
      row.price = c.price[i];
      row.qty = c.qty[i];
      row.firstTradeId = c.first[i];
      row.lastTradeId = c.last[i];
      row.buyerMaker = c.buyerMaker[i] === 1;
      onRow(row);
    }
  }
}

interface Columns {
  id: Float64Array;
  ts: Float64Array;
  price: Float64Array;
  qty: Float64Array;
  first: Float64Array;
  last: Float64Array;
  buyerMaker: Uint8Array;
}

function allocate(capacity: number): Columns {
  return {
    id: new Float64Array(capacity),
    ts: new Float64Array(capacity),
    price: new Float64Array(capacity),
    qty: new Float64Array(capacity),
    first: new Float64Array(capacity),
    last: new Float64Array(capacity),
    buyerMaker: new Uint8Array(capacity),
  };
}

function grow(columns: Columns, capacity: number): Columns {
  const next = allocate(capacity);
  for (const key of Object.keys(columns) as (keyof Columns)[]) next[key].set(columns[key] as never);
  return next;
}
