// Aligns the closes of several instruments on bucket starts, as pandas
// `concat(axis=1).ffill().dropna()`: every bucket where any leg has a bar becomes a point, a leg
// without a bar there carries its last close forward (and says so), and buckets before every leg
// has had a bar are dropped. The same class serves live bars (fed as they close, emitting a
// bucket once every leg is known to be past it) and stored history (fed whole, then drained), so
// that live and recomputed series are the same.

export interface AlignedPoint {
  start: number;
  /** One close per leg, in leg order. */
  closes: number[];
  /** True where the leg had no bar in this bucket and its previous close was carried. */
  carried: boolean[];
}

export class BucketAligner {
  /** Closed bars waiting per leg, ascending start. */
  private readonly pendingStarts: number[][];
  private readonly pendingCloses: number[][];
  private readonly heads: number[];
  /** Per leg: no new in-order bar can arrive at or before this start. */
  private readonly complete: number[];
  private readonly lastClose: number[];
  private lastEmittedStart = Number.NEGATIVE_INFINITY;

  constructor(readonly legs: number) {
    if (!Number.isInteger(legs) || legs < 1) throw new RangeError(`legs must be an integer >= 1, got ${legs}`);
    this.pendingStarts = Array.from({ length: legs }, () => []);
    this.pendingCloses = Array.from({ length: legs }, () => []);
    this.heads = new Array(legs).fill(0);
    this.complete = new Array(legs).fill(Number.NEGATIVE_INFINITY);
    this.lastClose = new Array(legs).fill(Number.NaN);
  }

  /** Start of the newest emitted bucket (−∞ before the first). */
  get lastEmitted(): number {
    return this.lastEmittedStart;
  }

  get hasPending(): boolean {
    for (let l = 0; l < this.legs; l++) if (this.heads[l] < this.pendingStarts[l].length) return true;
    return false;
  }

  /**
   * A closed bar of `leg`. Returns false (and keeps nothing) when its bucket was already emitted:
   * the caller treats that as an amendment of history. A second close for a pending bucket
   * replaces the first.
   */
  addClose(leg: number, start: number, close: number): boolean {
    if (start <= this.lastEmittedStart) return false;
    const starts = this.pendingStarts[leg];
    const closes = this.pendingCloses[leg];
    const n = starts.length;
    if (n > this.heads[leg] && starts[n - 1] >= start) {
      // Out of order or repeated within the pending run: keep the run sorted.
      let i = n - 1;
      while (i >= this.heads[leg] && starts[i] > start) i--;
      if (i >= this.heads[leg] && starts[i] === start) closes[i] = close;
      else {
        starts.splice(i + 1, 0, start);
        closes.splice(i + 1, 0, close);
      }
    } else {
      starts.push(start);
      closes.push(close);
    }
    if (start > this.complete[leg]) this.complete[leg] = start;
    return true;
  }

  /** No in-order bar of `leg` can still arrive at or before `start`. */
  completeThrough(leg: number, start: number): boolean {
    if (start <= this.complete[leg]) return false;
    this.complete[leg] = start;
    return true;
  }

  /** Emits, ascending, every pending bucket that all legs are complete through. */
  drain(out: AlignedPoint[] = []): AlignedPoint[] {
    let bound = Number.POSITIVE_INFINITY;
    for (let l = 0; l < this.legs; l++) if (this.complete[l] < bound) bound = this.complete[l];
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      for (let l = 0; l < this.legs; l++) {
        const h = this.heads[l];
        if (h < this.pendingStarts[l].length && this.pendingStarts[l][h] < next) next = this.pendingStarts[l][h];
      }
      if (next === Number.POSITIVE_INFINITY || next > bound) break;
      const closes = new Array<number>(this.legs);
      const carried = new Array<boolean>(this.legs);
      let started = true;
      for (let l = 0; l < this.legs; l++) {
        const h = this.heads[l];
        if (h < this.pendingStarts[l].length && this.pendingStarts[l][h] === next) {
          this.lastClose[l] = this.pendingCloses[l][h];
          this.heads[l] = h + 1;
          carried[l] = false;
        } else {
          carried[l] = true;
        }
        closes[l] = this.lastClose[l];
        if (closes[l] !== closes[l]) started = false;
      }
      this.lastEmittedStart = next;
      if (started) out.push({ start: next, closes, carried });
    }
    this.compact();
    return out;
  }

  /** Drops consumed entries once they dominate the queues. */
  private compact(): void {
    for (let l = 0; l < this.legs; l++) {
      const h = this.heads[l];
      if (h > 256 && h * 2 > this.pendingStarts[l].length) {
        this.pendingStarts[l].splice(0, h);
        this.pendingCloses[l].splice(0, h);
        this.heads[l] = 0;
      }
    }
  }
}

/** A leg's closed bars as the aligner needs them. */
export interface LegBar {
  start: number;
  close: number;
}

/** Aligns whole histories (ascending per leg); the batch use of the live aligner. */
export function alignLegs(legs: readonly (readonly LegBar[])[]): AlignedPoint[] {
  const aligner = new BucketAligner(legs.length);
  legs.forEach((bars, leg) => {
    for (const bar of bars) aligner.addClose(leg, bar.start, bar.close);
    aligner.completeThrough(leg, Number.POSITIVE_INFINITY);
  });
  return aligner.drain();
}

/** How many points carried each leg's close. */
export function carriedCounts(points: readonly AlignedPoint[], legs: number): number[] {
  const counts = new Array<number>(legs).fill(0);
  for (const p of points) for (let l = 0; l < legs; l++) if (p.carried[l]) counts[l]++;
  return counts;
}
