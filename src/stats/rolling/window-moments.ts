// O(1) trailing-window mean and variance of one series that stays exact over millions of
// updates: sums of (x − anchor) and (x − anchor)² are kept as compensated (TwoSum) pairs, the
// anchor is moved to the window mean whenever the mean wanders more than one standard
// deviation away from it (or every 65,536 updates), and runs of equal values are tracked so a
// constant window has variance exactly 0 and mean exactly its value, as pandas does.

import { assertWindow } from './input-checks.js';

const MAX_UPDATES_PER_ANCHOR = 65_536;

export class WindowMoments {
  readonly window: number;
  /** The last `window` values, NaN for missing. */
  private readonly ring: Float64Array;
  private head = 0;
  private pushes = 0;
  private missing = 0;
  private anchor = 0;
  private s1 = 0;
  private c1 = 0;
  private s2 = 0;
  private c2 = 0;
  /** Length of the trailing run of equal, non-missing values. */
  private run = 0;
  private last = Number.NaN;
  private sinceCheck = 0;
  private sinceAnchor = 0;
  private readonly saved = new Float64Array(14);
  private hasSaved = false;

  constructor(window: number) {
    assertWindow(window);
    this.window = window;
    this.ring = new Float64Array(window);
  }

  /** Appends a value (NaN = missing), evicting the oldest once the window is full. */
  push(value: number): void {
    const w = this.window;
    const slot = this.head;
    let held = this.pushes;
    if (held >= w) {
      const old = this.ring[slot];
      if (old !== old) this.missing--;
      else {
        const d = old - this.anchor;
        this.accumulate(-d, -(d * d));
      }
      held = w - 1;
    }
    this.ring[slot] = value;
    this.head = slot + 1 === w ? 0 : slot + 1;
    this.pushes++;
    if (value !== value) {
      this.missing++;
      this.run = 0;
    } else {
      // An empty window restarts the sums at this value, shedding any accumulated round-off.
      if (held === this.missing) this.reset(value);
      const d = value - this.anchor;
      this.accumulate(d, d * d);
      this.run = value === this.last ? this.run + 1 : 1;
    }
    this.last = value;
    this.sinceAnchor++;
    if (++this.sinceCheck >= w) this.maybeReanchor();
  }

  /** Saves the state before the next push so that `restore()` can undo it exactly. */
  save(): void {
    const s = this.saved;
    s[0] = this.head;
    s[1] = this.pushes;
    s[2] = this.missing;
    s[3] = this.anchor;
    s[4] = this.s1;
    s[5] = this.c1;
    s[6] = this.s2;
    s[7] = this.c2;
    s[8] = this.run;
    s[9] = this.last;
    s[10] = this.sinceCheck;
    s[11] = this.sinceAnchor;
    s[12] = this.ring[this.head];
    this.hasSaved = true;
  }

  /** Undoes every push since the last `save()`; false if there is nothing saved. */
  restore(): boolean {
    if (!this.hasSaved) return false;
    const s = this.saved;
    this.head = s[0];
    this.pushes = s[1];
    this.missing = s[2];
    this.anchor = s[3];
    this.s1 = s[4];
    this.c1 = s[5];
    this.s2 = s[6];
    this.c2 = s[7];
    this.run = s[8];
    this.last = s[9];
    this.sinceCheck = s[10];
    this.sinceAnchor = s[11];
    this.ring[this.head] = s[12];
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
    if (this.run >= this.window) return this.last;
    return this.anchor + (this.s1 + this.c1) / this.window;
  }

  /** Window variance with `ddof` (0 population, 1 sample), NaN unless complete and n > ddof. */
  variance(ddof: number): number {
    const n = this.window;
    if (!this.isComplete || n <= ddof) return Number.NaN;
    if (this.run >= n) return 0;
    const s = this.s1 + this.c1;
    const m2 = this.s2 + this.c2 - (s * s) / n;
    return m2 > 0 ? m2 / (n - ddof) : 0;
  }

  /** Adds (or, with negated terms, removes) one value; TwoSum keeps each rounding error. */
  private accumulate(d: number, dd: number): void {
    let t = this.s1 + d;
    let bp = t - this.s1;
    this.c1 += this.s1 - (t - bp) + (d - bp);
    this.s1 = t;
    t = this.s2 + dd;
    bp = t - this.s2;
    this.c2 += this.s2 - (t - bp) + (dd - bp);
    this.s2 = t;
  }

  private reset(anchor: number): void {
    this.anchor = anchor;
    this.s1 = this.c1 = this.s2 = this.c2 = 0;
    this.sinceAnchor = 0;
  }

  private maybeReanchor(): void {
    this.sinceCheck = 0;
    const n = Math.min(this.pushes, this.window) - this.missing;
    if (n === 0) return;
    const s = this.s1 + this.c1;
    const m2 = this.s2 + this.c2 - (s * s) / n;
    if (s * s <= n * m2 && this.sinceAnchor < MAX_UPDATES_PER_ANCHOR) return;
    this.reanchor(n);
  }

  /** Two-pass recomputation of the sums around the current window mean. */
  private reanchor(n: number): void {
    const ring = this.ring;
    const len = Math.min(this.pushes, this.window);
    let total = 0;
    for (let i = 0; i < len; i++) {
      const v = ring[i];
      if (v === v) total += v - this.anchor;
    }
    const anchor = this.anchor + total / n;
    this.reset(anchor);
    for (let i = 0; i < len; i++) {
      const v = ring[i];
      if (v === v) {
        const d = v - anchor;
        this.accumulate(d, d * d);
      }
    }
  }
}
