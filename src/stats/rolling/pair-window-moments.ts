// O(1) trailing-window moments of a pair of series (means, variances, covariance) for rolling
// correlation and beta. Same technique as WindowMoments: compensated sums of deviations from
// anchors that follow the window means, and runs of equal values so a constant leg has variance
// and covariance exactly 0. Missing values are pairwise: a null in x or y drops the point for both.

import { assertWindow } from './input-checks.js';

const MAX_UPDATES_PER_ANCHOR = 65_536;
const SUMS = 5; // Σdx, Σdy, Σdx², Σdy², Σdx·dy

export class PairWindowMoments {
  readonly window: number;
  private readonly ringX: Float64Array;
  private readonly ringY: Float64Array;
  private head = 0;
  private pushes = 0;
  private missing = 0;
  private anchorX = 0;
  private anchorY = 0;
  /** sums[k] and their TwoSum compensations comp[k], k in the order of SUMS. */
  private readonly sums = new Float64Array(SUMS);
  private readonly comp = new Float64Array(SUMS);
  private runX = 0;
  private runY = 0;
  private lastX = Number.NaN;
  private lastY = Number.NaN;
  private sinceCheck = 0;
  private sinceAnchor = 0;
  private readonly saved = new Float64Array(16 + 2 * SUMS);
  private hasSaved = false;

  constructor(window: number) {
    assertWindow(window);
    this.window = window;
    this.ringX = new Float64Array(window);
    this.ringY = new Float64Array(window);
  }

  /** Appends a pair (NaN = missing); a missing leg makes the whole point missing. */
  push(x: number, y: number): void {
    if (x !== x || y !== y) x = y = Number.NaN;
    const w = this.window;
    const slot = this.head;
    let held = this.pushes;
    if (held >= w) {
      const ox = this.ringX[slot];
      if (ox !== ox) this.missing--;
      else {
        const dx = ox - this.anchorX;
        const dy = this.ringY[slot] - this.anchorY;
        this.accumulate(-dx, -dy, -(dx * dx), -(dy * dy), -(dx * dy));
      }
      held = w - 1;
    }
    this.ringX[slot] = x;
    this.ringY[slot] = y;
    this.head = slot + 1 === w ? 0 : slot + 1;
    this.pushes++;
    if (x !== x) {
      this.missing++;
      this.runX = this.runY = 0;
    } else {
      if (held === this.missing) this.reset(x, y);
      const dx = x - this.anchorX;
      const dy = y - this.anchorY;
      this.accumulate(dx, dy, dx * dx, dy * dy, dx * dy);
      this.runX = x === this.lastX ? this.runX + 1 : 1;
      this.runY = y === this.lastY ? this.runY + 1 : 1;
    }
    this.lastX = x;
    this.lastY = y;
    this.sinceAnchor++;
    if (++this.sinceCheck >= w) this.maybeReanchor();
  }

  save(): void {
    const s = this.saved;
    s[0] = this.head;
    s[1] = this.pushes;
    s[2] = this.missing;
    s[3] = this.anchorX;
    s[4] = this.anchorY;
    s[5] = this.runX;
    s[6] = this.runY;
    s[7] = this.lastX;
    s[8] = this.lastY;
    s[9] = this.sinceCheck;
    s[10] = this.sinceAnchor;
    s[11] = this.ringX[this.head];
    s[12] = this.ringY[this.head];
    s.set(this.sums, 16);
    s.set(this.comp, 16 + SUMS);
    this.hasSaved = true;
  }

  restore(): boolean {
    if (!this.hasSaved) return false;
    const s = this.saved;
    this.head = s[0];
    this.pushes = s[1];
    this.missing = s[2];
    this.anchorX = s[3];
    this.anchorY = s[4];
    this.runX = s[5];
    this.runY = s[6];
    this.lastX = s[7];
    this.lastY = s[8];
    this.sinceCheck = s[9];
    this.sinceAnchor = s[10];
    this.ringX[this.head] = s[11];
    this.ringY[this.head] = s[12];
    this.sums.set(s.subarray(16, 16 + SUMS));
    this.comp.set(s.subarray(16 + SUMS, 16 + 2 * SUMS));
    return true;
  }

  get count(): number {
    return this.pushes;
  }

  get isFull(): boolean {
    return this.pushes >= this.window;
  }

  get isComplete(): boolean {
    return this.pushes >= this.window && this.missing === 0;
  }

  get isConstantX(): boolean {
    return this.runX >= this.window;
  }

  get isConstantY(): boolean {
    return this.runY >= this.window;
  }

  meanX(): number {
    if (!this.isComplete) return Number.NaN;
    if (this.runX >= this.window) return this.lastX;
    return this.anchorX + (this.sums[0] + this.comp[0]) / this.window;
  }

  meanY(): number {
    if (!this.isComplete) return Number.NaN;
    if (this.runY >= this.window) return this.lastY;
    return this.anchorY + (this.sums[1] + this.comp[1]) / this.window;
  }

  varianceX(ddof: number): number {
    return this.centred(0, 0, 2, this.runX, ddof);
  }

  varianceY(ddof: number): number {
    return this.centred(1, 1, 3, this.runY, ddof);
  }

  covariance(ddof: number): number {
    return this.centred(0, 1, 4, Math.max(this.runX, this.runY), ddof);
  }

  /** Σ(a−ā)(b−b̄)/(n−ddof) from the sums at indexes a, b and the cross sum ab. */
  private centred(a: number, b: number, ab: number, run: number, ddof: number): number {
    const n = this.window;
    if (!this.isComplete || n <= ddof) return Number.NaN;
    if (run >= n) return 0;
    const sa = this.sums[a] + this.comp[a];
    const sb = this.sums[b] + this.comp[b];
    const m = this.sums[ab] + this.comp[ab] - (sa * sb) / n;
    if (a === b && m < 0) return 0;
    return m / (n - ddof);
  }

  private accumulate(dx: number, dy: number, dxx: number, dyy: number, dxy: number): void {
    this.add(0, dx);
    this.add(1, dy);
    this.add(2, dxx);
    this.add(3, dyy);
    this.add(4, dxy);
  }

  /** TwoSum: sums[k] += v, keeping the rounding error in comp[k]. */
  private add(k: number, v: number): void {
    const s = this.sums[k];
    const t = s + v;
    const bp = t - s;
    this.comp[k] += s - (t - bp) + (v - bp);
    this.sums[k] = t;
  }

  private reset(anchorX: number, anchorY: number): void {
    this.anchorX = anchorX;
    this.anchorY = anchorY;
    this.sums.fill(0);
    this.comp.fill(0);
    this.sinceAnchor = 0;
  }

  private maybeReanchor(): void {
    this.sinceCheck = 0;
    const n = Math.min(this.pushes, this.window) - this.missing;
    if (n === 0) return;
    const sx = this.sums[0] + this.comp[0];
    const sy = this.sums[1] + this.comp[1];
    const m2x = this.sums[2] + this.comp[2] - (sx * sx) / n;
    const m2y = this.sums[3] + this.comp[3] - (sy * sy) / n;
    if (sx * sx <= n * m2x && sy * sy <= n * m2y && this.sinceAnchor < MAX_UPDATES_PER_ANCHOR) return;
    this.reanchor(n);
  }

  private reanchor(n: number): void {
    const len = Math.min(this.pushes, this.window);
    const rx = this.ringX;
    const ry = this.ringY;
    let tx = 0;
    let ty = 0;
    for (let i = 0; i < len; i++) {
      const x = rx[i];
      if (x === x) {
        tx += x - this.anchorX;
        ty += ry[i] - this.anchorY;
      }
    }
    const ax = this.anchorX + tx / n;
    const ay = this.anchorY + ty / n;
    this.reset(ax, ay);
    for (let i = 0; i < len; i++) {
      const x = rx[i];
      if (x === x) {
        const dx = x - ax;
        const dy = ry[i] - ay;
        this.accumulate(dx, dy, dx * dx, dy * dy, dx * dy);
      }
    }
  }
}
