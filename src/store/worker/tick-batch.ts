// Ticks cross to the store's worker thread as one Float64Array of rows (a slice of a buffer the
// builder reuses), transferred rather than cloned: the JS thread spends a few nanoseconds per
// tick and one small allocation per hand-over, instead of a structured clone of every tick.
import type { InstrumentId, Tick } from '../../domain/index.js';

/** Numbers per row: instrument code, id, ts, price, qty, receivedAt (NaN when unknown), buyerMaker (1/0). */
const WIDTH = 7;

export interface PackedTicks {
  /** Instrument of each code used in this batch. */
  instruments: InstrumentId[];
  length: number;
  rows: Float64Array;
}

export class TickBatchBuilder {
  private readonly rows: Float64Array;
  private length = 0;
  private instruments: InstrumentId[] = [];
  private codes = new Map<InstrumentId, number>();
  // Trades come in runs of one instrument, so this skips most map lookups.
  private lastInstrument: InstrumentId | null = null;
  private lastCode = 0;

  constructor(readonly capacity = 4096) {
    this.rows = new Float64Array(capacity * WIDTH);
  }

  get count(): number {
    return this.length;
  }

  get isFull(): boolean {
    return this.length >= this.capacity;
  }

  /** Appends one tick; the caller takes the batch once it is full. */
  push(tick: Tick): void {
    if (tick.instrument !== this.lastInstrument) {
      let code = this.codes.get(tick.instrument);
      if (code === undefined) {
        code = this.instruments.push(tick.instrument) - 1;
        this.codes.set(tick.instrument, code);
      }
      this.lastInstrument = tick.instrument;
      this.lastCode = code;
    }
    const rows = this.rows;
    const at = this.length++ * WIDTH;
    rows[at] = this.lastCode;
    rows[at + 1] = tick.id;
    rows[at + 2] = tick.ts;
    rows[at + 3] = tick.price;
    rows[at + 4] = tick.qty;
    rows[at + 5] = tick.receivedAt ?? Number.NaN;
    rows[at + 6] = tick.buyerMaker ? 1 : 0;
  }

  /** The ticks pushed so far and the buffer to transfer with them; null when there are none. */
  take(): { batch: PackedTicks; transfer: ArrayBuffer[] } | null {
    if (this.length === 0) return null;
    const batch: PackedTicks = {
      instruments: this.instruments,
      length: this.length,
      rows: this.rows.slice(0, this.length * WIDTH),
    };
    this.length = 0;
    this.instruments = [];
    this.codes = new Map();
    this.lastInstrument = null;
    return { batch, transfer: [batch.rows.buffer as ArrayBuffer] };
  }
}

export function unpackTicks(batch: PackedTicks): Tick[] {
  const { rows, instruments } = batch;
  const ticks: Tick[] = new Array(batch.length);
  for (let row = 0; row < batch.length; row++) {
    const at = row * WIDTH;
    const tick: Tick = {
      instrument: instruments[rows[at]],
      id: rows[at + 1],
      ts: rows[at + 2],
      price: rows[at + 3],
      qty: rows[at + 4],
      buyerMaker: rows[at + 6] === 1,
    };
    const receivedAt = rows[at + 5];
    if (!Number.isNaN(receivedAt)) tick.receivedAt = receivedAt;
    ticks[row] = tick;
  }
  return ticks;
}
