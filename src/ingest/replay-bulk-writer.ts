// Replayed trades of any number of instruments into the store's bulk import (Store.beginTickImport):
// each instrument's trades gather in columns, go through the pipeline's bar builder in columns
// (ingestColumns: the same de-duplication and bars as live data, no Tick object per trade) and,
// with the bars they close, into that instrument's import. A replay is a bulk job, but a long one:
// `commit` ends every open import (ticks and their closed bars in one transaction each) and the next
// trades begin new ones, so a kill loses at most what came since the last commit, and never leaves
// a closed bar without its ticks or ticks without their closed bars.
import type { Bar, InstrumentId } from '../domain/index.js';
import type { TickColumns, TickImport } from '../store/store.js';
import type { IngestPipeline } from './ingest-pipeline.js';

/** Trades of one instrument handed to the bar builder and the import at once. */
export const FEED_ROWS = 8_192;

class InstrumentColumns implements Required<TickColumns> {
  readonly id = new Float64Array(FEED_ROWS);
  readonly ts = new Float64Array(FEED_ROWS);
  readonly price = new Float64Array(FEED_ROWS);
  readonly qty = new Float64Array(FEED_ROWS);
  readonly buyerMaker = new Uint8Array(FEED_ROWS);
  readonly receivedAt = new Float64Array(FEED_ROWS);
  length = 0;
  /** The instrument's open import; null until its first trades after a commit. */
  staged: TickImport | null = null;
}

export class ReplayBulkWriter {
  private readonly byInstrument = new Map<InstrumentId, InstrumentColumns>();
  /** Instruments whose columns are full and wait for `feed`. */
  private full = 0;

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly beginImport: (instrument: InstrumentId) => Promise<TickImport>,
  ) {}

  /**
   * Queues one trade (receivedAt NaN when not known); true when some instrument's columns are full,
   * and `feed` must be awaited before the next `add`.
   */
  add(
    instrument: InstrumentId,
    id: number,
    ts: number,
    price: number,
    qty: number,
    buyerMaker: boolean,
    receivedAt: number,
  ): boolean {
    let columns = this.byInstrument.get(instrument);
    if (columns === undefined) {
      columns = new InstrumentColumns();
      this.byInstrument.set(instrument, columns);
    }
    const n = columns.length++;
    if (n === FEED_ROWS) throw new RangeError(`the queued trades of ${instrument} are full: await feed() first`);
    columns.id[n] = id;
    columns.ts[n] = ts;
    columns.price[n] = price;
    columns.qty[n] = qty;
    columns.buyerMaker[n] = buyerMaker ? 1 : 0;
    columns.receivedAt[n] = receivedAt;
    if (columns.length === FEED_ROWS) this.full++;
    return this.full > 0;
  }

  /** Queued trades of every instrument through the bar builder into their imports. */
  async feed(): Promise<void> {
    for (const [instrument, columns] of this.byInstrument) await this.feedInstrument(instrument, columns);
    this.full = 0;
  }

  /**
   * Marks a trade id as seen without a bar (USD-M insurance-fund prints). The instrument's queued trades,
   * all below it, go first: marked before them, they would be taken for duplicates.
   */
  async skipTradeId(instrument: InstrumentId, id: number): Promise<void> {
    const columns = this.byInstrument.get(instrument);
    if (columns !== undefined && columns.length > 0) {
      if (columns.length === FEED_ROWS) this.full--;
      await this.feedInstrument(instrument, columns);
    }
    this.pipeline.skipTradeId(instrument, id);
  }

  /**
   * Feeds and commits every open import; later trades begin new ones. The imports commit side by side:
   * each waits for its last move, which DuckDB runs on its own threads.
   */
  async commit(): Promise<void> {
    await this.feed();
    const commits: Promise<unknown>[] = [];
    for (const columns of this.byInstrument.values()) {
      if (columns.staged !== null) commits.push(columns.staged.commit());
      columns.staged = null;
    }
    const failed = (await Promise.allSettled(commits)).find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /** Drops what was not committed (the replay failed). */
  async abort(): Promise<void> {
    for (const columns of this.byInstrument.values()) {
      const staged = columns.staged;
      columns.staged = null;
      columns.length = 0;
      await staged?.abort();
    }
    this.full = 0;
  }

  private async feedInstrument(instrument: InstrumentId, columns: InstrumentColumns): Promise<void> {
    const count = columns.length;
    if (count === 0) return;
    columns.length = 0;
    const closed: Bar[] = [];
    const kept = this.pipeline.ingestColumns(instrument, columns, count, closed);
    if (kept === 0 && closed.length === 0) return;
    columns.staged ??= await this.beginImport(instrument);
    if (closed.length > 0) columns.staged.upsertBars(closed);
    await columns.staged.appendTicks(columns, kept);
  }
}
