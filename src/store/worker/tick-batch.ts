// Ticks cross to the store's worker thread as columns: typed arrays whose buffers are transferred,
// not copied, so the JS thread spends a few nanoseconds per tick on the hand-over instead of
// structured-cloning an object per tick.
import type { InstrumentId, Tick } from '../../domain/index.js';

export interface PackedTicks {
  /** Instrument of each code used in this batch. */
  instruments: InstrumentId[];
  length: number;
  code: Uint32Array;
  id: Float64Array;
  ts: Float64Array;
  price: Float64Array;
  qty: Float64Array;
  /** NaN where the tick has no receive time. */
  receivedAt: Float64Array;
  buyerMaker: Uint8Array;
}

export class TickBatchBuilder {
  private batch: PackedTicks;
  private codes = new Map<InstrumentId, number>();
  // Trades come in runs of one instrument, so this skips most map lookups.
  private lastInstrument: InstrumentId | null = null;
  private lastCode = 0;

  constructor(readonly capacity = 4096) {
    this.batch = emptyBatch(capacity);
  }

  get length(): number {
    return this.batch.length;
  }

  get isFull(): boolean {
    return this.batch.length >= this.capacity;
  }

  /** Appends one tick; the caller takes the batch once it is full. */
  push(tick: Tick): void {
    const batch = this.batch;
    const row = batch.length++;
    if (tick.instrument !== this.lastInstrument) {
      let code = this.codes.get(tick.instrument);
      if (code === undefined) {
        code = batch.instruments.push(tick.instrument) - 1;
        this.codes.set(tick.instrument, code);
      }
      this.lastInstrument = tick.instrument;
      this.lastCode = code;
    }
    batch.code[row] = this.lastCode;
    batch.id[row] = tick.id;
    batch.ts[row] = tick.ts;
    batch.price[row] = tick.price;
    batch.qty[row] = tick.qty;
    batch.receivedAt[row] = tick.receivedAt ?? Number.NaN;
    batch.buyerMaker[row] = tick.buyerMaker ? 1 : 0;
  }

  /** The ticks pushed so far and the buffers to transfer with them; null when there are none. */
  take(): { batch: PackedTicks; transfer: ArrayBuffer[] } | null {
    const batch = this.batch;
    if (batch.length === 0) return null;
    this.batch = emptyBatch(this.capacity);
    this.codes = new Map();
    this.lastInstrument = null;
    const transfer = [batch.code, batch.id, batch.ts, batch.price, batch.qty, batch.receivedAt, batch.buyerMaker].map((a) => a.buffer as ArrayBuffer);
    return { batch, transfer };
  }
}

export function unpackTicks(batch: PackedTicks): Tick[] {
  const ticks: Tick[] = new Array(batch.length);
  for (let row = 0; row < batch.length; row++) {
    const tick: Tick = {
      instrument: batch.instruments[batch.code[row]],
      id: batch.id[row],
      ts: batch.ts[row],
      price: batch.price[row],
      qty: batch.qty[row],
      buyerMaker: batch.buyerMaker[row] === 1,
    };
    const receivedAt = batch.receivedAt[row];
    if (!Number.isNaN(receivedAt)) tick.receivedAt = receivedAt;
    ticks[row] = tick;
  }
  return ticks;
}

function emptyBatch(capacity: number): PackedTicks {
  return {
    instruments: [],
    length: 0,
    code: new Uint32Array(capacity),
    id: new Float64Array(capacity),
    ts: new Float64Array(capacity),
    price: new Float64Array(capacity),
    qty: new Float64Array(capacity),
    receivedAt: new Float64Array(capacity),
    buyerMaker: new Uint8Array(capacity),
  };
}
