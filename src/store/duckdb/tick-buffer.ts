// Pending ticks, held column by column in typed-array segments of one DuckDB vector each, so
// that buffering a tick copies six numbers (no object is retained) and staging turns one
// segment into one data chunk.
import type { Tick } from '../../domain/index.js';

/** Rows per segment: DuckDB's standard vector size, the most one data chunk can hold. */
export const SEGMENT_ROWS = 2048;

export interface TickSegment {
  length: number;
  /**
   * Instrument code (see TradeIdMarks) times two, plus one when the buyer was the maker: one
   * column fewer to append, and each appended column costs the JS thread ~25 ns per tick.
   */
  tag: Int32Array;
  id: Float64Array;
  ts: Float64Array;
  price: Float64Array;
  qty: Float64Array;
  /** NaN when the source did not report a receive time. */
  receivedAt: Float64Array;
}

// One allocation per segment: fresh ArrayBuffers are zero-filled and page-faulted in, which
// made allocating seven per segment a visible share of a flush.
const SEGMENT_BYTES = SEGMENT_ROWS * (5 * Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT);

function createSegment(): TickSegment {
  const memory = new ArrayBuffer(SEGMENT_BYTES);
  const doubles = (index: number): Float64Array => new Float64Array(memory, index * SEGMENT_ROWS * 8, SEGMENT_ROWS);
  return {
    length: 0,
    id: doubles(0),
    ts: doubles(1),
    price: doubles(2),
    qty: doubles(3),
    receivedAt: doubles(4),
    tag: new Int32Array(memory, 5 * SEGMENT_ROWS * 8, SEGMENT_ROWS),
  };
}

/** Ticks taken out of the buffer to be staged; handed back with `restore` if staging fails. */
export interface TickBatch {
  readonly segments: readonly TickSegment[];
  readonly length: number;
}

export function batchOf(segments: readonly TickSegment[]): TickBatch {
  return { segments, length: segments.reduce((rows, segment) => rows + segment.length, 0) };
}

/** Segments kept for reuse once staged: 128 hold 262,144 ticks in 11.5 MB. */
const MAX_POOLED_SEGMENTS = 128;

export class TickBuffer {
  private segments: TickSegment[] = [];
  private tail: TickSegment | null = null;
  private readonly pool: TickSegment[] = [];
  private rows = 0;

  get length(): number {
    return this.rows;
  }

  push(tick: Tick, code: number): void {
    let tail = this.tail;
    if (tail === null || tail.length === SEGMENT_ROWS) {
      tail = this.pool.pop() ?? createSegment();
      tail.length = 0;
      this.segments.push(tail);
      this.tail = tail;
    }
    const row = tail.length++;
    tail.tag[row] = tick.buyerMaker ? code * 2 + 1 : code * 2;
    tail.id[row] = tick.id;
    tail.ts[row] = tick.ts;
    tail.price[row] = tick.price;
    tail.qty[row] = tick.qty;
    tail.receivedAt[row] = tick.receivedAt ?? Number.NaN;
    this.rows++;
  }

  /** Empties the buffer and returns what it held. */
  take(): TickBatch {
    const batch: TickBatch = { segments: this.segments, length: this.rows };
    this.segments = [];
    this.tail = null;
    this.rows = 0;
    return batch;
  }

  /** Puts a batch whose write failed back in front of the ticks buffered since. */
  restore(batch: TickBatch): void {
    if (batch.length === 0) return;
    this.segments = [...batch.segments, ...this.segments];
    this.rows += batch.length;
    this.tail = this.segments[this.segments.length - 1];
  }

  /** Takes back the segments of a staged batch for reuse. */
  recycle(batch: TickBatch): void {
    for (const segment of batch.segments) {
      if (this.pool.length >= MAX_POOLED_SEGMENTS) return;
      this.pool.push(segment);
    }
  }

  /** Drops buffered ticks of instrument `code` whose id is at most `maxId`; returns how many. */
  dropUpTo(code: number, maxId: number): number {
    let dropped = 0;
    for (const segment of this.segments) {
      let kept = 0;
      for (let row = 0; row < segment.length; row++) {
        if (segment.tag[row] >> 1 === code && segment.id[row] <= maxId) {
          dropped++;
          continue;
        }
        if (kept !== row) copyRow(segment, row, kept);
        kept++;
      }
      segment.length = kept;
    }
    if (dropped > 0) {
      // Short segments are fine for writing; empty ones would only cost a no-op chunk.
      this.segments = this.segments.filter((segment) => segment.length > 0);
      this.tail = this.segments[this.segments.length - 1] ?? null;
      this.rows -= dropped;
    }
    return dropped;
  }
}

function copyRow(segment: TickSegment, from: number, to: number): void {
  segment.tag[to] = segment.tag[from];
  segment.id[to] = segment.id[from];
  segment.ts[to] = segment.ts[from];
  segment.price[to] = segment.price[from];
  segment.qty[to] = segment.qty[from];
  segment.receivedAt[to] = segment.receivedAt[from];
}
