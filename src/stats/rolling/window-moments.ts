// O(1) trailing-window mean and variance of one series that stays exact over millions of
// updates: sums of (x − anchor) and (x − anchor)² are kept as compensated (TwoSum) pairs, the
// anchor is moved to the window mean whenever the mean wanders more than 16 standard
// deviations away from it (or every 65,536 updates), and runs of equal values are tracked so a
// constant window has variance exactly 0 and mean exactly its value, as pandas does.
// One loop (`scan`) does all the work, for a single streaming push as for a whole batch, so
// streaming and batch results are the same numbers bit for bit.

import { assertWindow } from './input-checks.js';

const MAX_UPDATES_PER_ANCHOR = 65_536;
/**
 * Recentre when (mean − anchor)² > DRIFT_LIMIT · population variance. Cancellation in
 * Σd² − (Σd)²/n then costs at most log10(256) ≈ 2.4 of the 16 digits, while recentring (two
 * passes over the window) stays rare even on trending prices.
 */
const DRIFT_LIMIT = 256;

/** What `scan` writes for each value: nothing, or one of the window statistics. */
export const WindowStatistic = {
  None: 0,
  Mean: 1,
  Variance0: 2,
  Variance1: 3,
  Std0: 4,
  Std1: 5,
  ZScore0: 6,
  ZScore1: 7,
} as const;
export type WindowStatistic = (typeof WindowStatistic)[keyof typeof WindowStatistic];

// The hot loop compares against plain constants: a property load on WindowStatistic there
// would need type feedback of its own and deoptimise the loop the first time a case is taken.
const MEAN = 1;
const VARIANCE0 = 2;
const STD0 = 4;
const ZSCORE0 = 6;
const NO_VALUES = new Float64Array(0);
const NAN = Number.NaN;

// Reciprocals of n and n − ddof are precomputed: multiplying instead of dividing keeps the
// divider free for the z-score's one division and square root (results differ by ≤ 1 ulp).

/** Window mean from the sums (exactly the value when the window is constant). */
function meanOf(anchor: number, s1: number, c1: number, n: number, invN: number, run: number, last: number): number {
  return run >= n ? last : anchor + (s1 + c1) * invN;
}

/** Window variance from the sums; NaN when n ≤ ddof, exactly 0 when the window is constant. */
function varianceOf(
  s1: number,
  c1: number,
  s2: number,
  c2: number,
  n: number,
  invN: number,
  run: number,
  ddof: number,
  invDof: number,
): number {
  if (n <= ddof) return Number.NaN;
  if (run >= n) return 0;
  const s = s1 + c1;
  const m2 = s2 + c2 - s * s * invN;
  return m2 > 0 ? m2 * invDof : 0;
}

/**
 * Two-pass recomputation of the sums around the current window mean; returns the new anchor
 * and writes Σd, its compensation, Σd² and its compensation into `sums`. Kept out of the
 * scan loop: it runs rarely, and inlined it would crowd the loop's registers.
 */
function recentre(ring: Float64Array, len: number, n: number, anchor: number, sums: Float64Array): number {
  let total = 0;
  for (let k = 0; k < len; k++) {
    const v = ring[k];
    if (v === v) total += v - anchor;
  }
  const centre = anchor + total / n;
  let s1 = 0;
  let c1 = 0;
  let s2 = 0;
  let c2 = 0;
  for (let k = 0; k < len; k++) {
    const v = ring[k];
    if (v === v) {
      const e = v - centre;
      const ee = e * e;
      let t = s1 + e;
      let bp = t - s1;
      c1 += s1 - (t - bp) + (e - bp);
      s1 = t;
      t = s2 + ee;
      bp = t - s2;
      c2 += s2 - (t - bp) + (ee - bp);
      s2 = t;
    }
  }
  sums[0] = s1;
  sums[1] = c1;
  sums[2] = s2;
  sums[3] = c2;
  return centre;
}

/**
 * What `save()` keeps for `restore()`, by name: every scalar of the state and the ring slot the
 * next push overwrites. One object allocated with the window, so a save per tick allocates nothing.
 */
interface SavedMoments {
  head: number;
  pushes: number;
  missing: number;
  anchor: number;
  s1: number;
  c1: number;
  s2: number;
  c2: number;
  run: number;
  last: number;
  sinceCheck: number;
  sinceAnchor: number;
  /** The ring slot the next push overwrites. */
  overwritten: number;
}

export class WindowMoments {
  readonly window: number;
  private readonly invWindow: number;
  /** 1/(window − ddof) for ddof 0 and 1. */
  private readonly invDof: Float64Array;
  /** The last `window` values, NaN for missing. */
  private readonly ring: Float64Array;
  private head = 0;
  private pushes = 0;
  private missing = 0;
  // Sums and anchors are NaN until the first value resets them; starting as doubles also keeps
  // V8 from changing the field representation (and deoptimising the loop) on the first store.
  private anchor = Number.NaN;
  private s1 = Number.NaN;
  private c1 = Number.NaN;
  private s2 = Number.NaN;
  private c2 = Number.NaN;
  /** Length of the trailing run of equal, non-missing values. */
  private run = 0;
  private last = Number.NaN;
  private sinceCheck = 0;
  private sinceAnchor = 0;
  private readonly one = new Float64Array(1);
  private readonly recentred = new Float64Array(4);
  private readonly saved: SavedMoments = {
    head: 0,
    pushes: 0,
    missing: 0,
    anchor: Number.NaN,
    s1: Number.NaN,
    c1: Number.NaN,
    s2: Number.NaN,
    c2: Number.NaN,
    run: 0,
    last: Number.NaN,
    sinceCheck: 0,
    sinceAnchor: 0,
    overwritten: Number.NaN,
  };
  private hasSaved = false;
  /** Set when a scan met ±Infinity (batch callers then report the index and throw). */
  sawNonFinite = false;

  constructor(window: number) {
    assertWindow(window);
    this.window = window;
    this.invWindow = 1 / window;
    this.invDof = Float64Array.of(1 / window, 1 / (window - 1));
    this.ring = new Float64Array(window);
    // Runs the state load/store once so that an optimised batch loop does not deoptimise on exit.
    this.scan(NO_VALUES, 0, 0, null, WindowStatistic.None);
  }

  /** Appends a value (NaN = missing), evicting the oldest once the window is full. */
  push(value: number): void {
    this.one[0] = value;
    this.scan(this.one, 0, 1, null, WindowStatistic.None);
  }

  /**
   * Pushes values[from..to) (NaN = missing) and, when `out` is given, writes the chosen
   * statistic after each push to out[i] (NaN where there is none).
   */
  scan(values: Float64Array, from: number, to: number, out: Float64Array | null, statistic: WindowStatistic): void {
    let i = this.scanUntilRecentre(values, from, to, out, statistic);
    while (i < to) {
      this.recentre();
      i = this.scanUntilRecentre(values, i, to, out, statistic);
    }
  }

  /** Moves the anchor to the window mean and recomputes the sums (two passes over the window). */
  private recentre(): void {
    const len = Math.min(this.pushes, this.window);
    const sums = this.recentred;
    this.anchor = recentre(this.ring, len, len - this.missing, this.anchor, sums);
    this.s1 = sums[0];
    this.c1 = sums[1];
    this.s2 = sums[2];
    this.c2 = sums[3];
    this.sinceCheck = 0;
    this.sinceAnchor = 0;
  }

  /**
   * The scan loop proper; returns early (the index of the next value) when the anchor has to
   * be recentred first. That rare call is made from outside so the loop keeps its registers.
   */
  private scanUntilRecentre(
    values: Float64Array,
    from: number,
    to: number,
    out: Float64Array | null,
    statistic: WindowStatistic,
  ): number {
    const w = this.window;
    const invN = this.invWindow;
    const ddof = statistic === VARIANCE0 || statistic === STD0 || statistic === ZSCORE0 ? 0 : 1;
    const invDof = this.invDof[ddof];
    const ring = this.ring;
    let head = this.head;
    let pushes = this.pushes;
    let missing = this.missing;
    let anchor = this.anchor;
    let s1 = this.s1;
    let c1 = this.c1;
    let s2 = this.s2;
    let c2 = this.c2;
    let run = this.run;
    let last = this.last;
    let sinceCheck = this.sinceCheck;
    let sinceAnchor = this.sinceAnchor;
    // Stays 0 unless a value is ±Infinity (d·0 is then NaN): a validation pass for free.
    let probe = 0;
    let i = from;
    while (i < to) {
      // Every `window` pushes, before the next one, the anchor goes back to the mean if it has
      // drifted more than 16 standard deviations away (or after 65,536 pushes).
      if (sinceCheck >= w) {
        const n = Math.min(pushes, w) - missing;
        const s = s1 + c1;
        if (n > 0 && (s * s > DRIFT_LIMIT * n * (s2 + c2 - (s * s) / n) || sinceAnchor >= MAX_UPDATES_PER_ANCHOR))
          break;
        sinceCheck = 0;
      }
      const stop = Math.min(to, i + (w - sinceCheck));
      sinceCheck += stop - i;
      for (; i < stop; i++) {
        const value = values[i];
        let held = pushes;
        if (held >= w) {
          const old = ring[head];
          if (old !== old) missing--;
          else {
            // TwoSum removal of (old − anchor) and its square, keeping each rounding error.
            const d = anchor - old;
            const dd = -(d * d);
            let t = s1 + d;
            let bp = t - s1;
            c1 += s1 - (t - bp) + (d - bp);
            s1 = t;
            t = s2 + dd;
            bp = t - s2;
            c2 += s2 - (t - bp) + (dd - bp);
            s2 = t;
          }
          held = w - 1;
        }
        ring[head] = value;
        head = head + 1 === w ? 0 : head + 1;
        pushes++;
        if (value !== value) {
          missing++;
          run = 0;
        } else {
          if (held === missing) {
            // An empty window restarts the sums at this value, shedding accumulated round-off.
            anchor = value;
            s1 = c1 = s2 = c2 = 0;
            sinceAnchor = 0;
          }
          const d = value - anchor;
          const dd = d * d;
          probe += d * 0;
          let t = s1 + d;
          let bp = t - s1;
          c1 += s1 - (t - bp) + (d - bp);
          s1 = t;
          t = s2 + dd;
          bp = t - s2;
          c2 += s2 - (t - bp) + (dd - bp);
          s2 = t;
          run = value === last ? run + 1 : 1;
        }
        last = value;
        sinceAnchor++;
        if (out !== null) {
          let result = NAN;
          if (pushes >= w && missing === 0) {
            // Loop-invariant dispatch, most used statistic first.
            if (statistic >= ZSCORE0) {
              const variance = varianceOf(s1, c1, s2, c2, w, invN, run, ddof, invDof);
              if (variance > 0) result = (last - meanOf(anchor, s1, c1, w, invN, run, last)) / Math.sqrt(variance);
            } else if (statistic >= STD0) {
              result = Math.sqrt(varianceOf(s1, c1, s2, c2, w, invN, run, ddof, invDof));
            } else if (statistic >= VARIANCE0) {
              result = varianceOf(s1, c1, s2, c2, w, invN, run, ddof, invDof);
            } else if (statistic === MEAN) {
              result = meanOf(anchor, s1, c1, w, invN, run, last);
            }
          }
          out[i] = result;
        }
      }
    }
    this.head = head;
    this.pushes = pushes;
    this.missing = missing;
    this.anchor = anchor;
    this.s1 = s1;
    this.c1 = c1;
    this.s2 = s2;
    this.c2 = c2;
    this.run = run;
    this.last = last;
    this.sinceCheck = sinceCheck;
    this.sinceAnchor = sinceAnchor;
    if (probe !== probe) this.sawNonFinite = true;
    return i;
  }

  /** Saves the state before the next push so that `restore()` can undo it exactly. */
  save(): void {
    const s = this.saved;
    s.head = this.head;
    s.pushes = this.pushes;
    s.missing = this.missing;
    s.anchor = this.anchor;
    s.s1 = this.s1;
    s.c1 = this.c1;
    s.s2 = this.s2;
    s.c2 = this.c2;
    s.run = this.run;
    s.last = this.last;
    s.sinceCheck = this.sinceCheck;
    s.sinceAnchor = this.sinceAnchor;
    s.overwritten = this.ring[this.head];
    this.hasSaved = true;
  }

  /** Undoes every push since the last `save()`; false if there is nothing saved. */
  restore(): boolean {
    if (!this.hasSaved) return false;
    const s = this.saved;
    this.head = s.head;
    this.pushes = s.pushes;
    this.missing = s.missing;
    this.anchor = s.anchor;
    this.s1 = s.s1;
    this.c1 = s.c1;
    this.s2 = s.s2;
    this.c2 = s.c2;
    this.run = s.run;
    this.last = s.last;
    this.sinceCheck = s.sinceCheck;
    this.sinceAnchor = s.sinceAnchor;
    this.ring[this.head] = s.overwritten;
    return true;
  }

  get count(): number {
    return this.pushes;
  }

  get isFull(): boolean {
    return this.pushes >= this.window;
  }

  /** Full window without a missing value: the only state with a result (min_periods = window). */
  get isComplete(): boolean {
    return this.pushes >= this.window && this.missing === 0;
  }

  /** Every value of the (complete) window is identical. */
  get isConstant(): boolean {
    return this.run >= this.window;
  }

  /** The latest value pushed (NaN if missing). */
  get latest(): number {
    return this.last;
  }

  /** Window mean, NaN unless the window is complete. */
  mean(): number {
    if (!this.isComplete) return Number.NaN;
    return meanOf(this.anchor, this.s1, this.c1, this.window, this.invWindow, this.run, this.last);
  }

  /** Window variance with `ddof` (0 population, 1 sample), NaN unless complete and n > ddof. */
  variance(ddof: number): number {
    if (!this.isComplete) return Number.NaN;
    return varianceOf(
      this.s1,
      this.c1,
      this.s2,
      this.c2,
      this.window,
      this.invWindow,
      this.run,
      ddof,
      this.invDof[ddof],
    );
  }

  /** z-score of the latest value, NaN unless complete with a positive variance. */
  zscore(ddof: number): number {
    const variance = this.variance(ddof);
    return variance > 0 ? (this.last - this.mean()) / Math.sqrt(variance) : Number.NaN;
  }
}
