// O(1) trailing-window moments of a pair of series (means, variances, covariance) for rolling
// correlation and beta. Same technique as WindowMoments: compensated sums of deviations from
// anchors that follow the window means, and runs of equal values so a constant leg has variance
// and covariance exactly 0. Missing values are pairwise: a null in x or y drops the point for
// both. One loop (`scan`) serves a streaming push and a whole batch alike.

import { assertWindow } from './input-checks.js';

const MAX_UPDATES_PER_ANCHOR = 65_536;
/** Recentre when an anchor is more than 16 standard deviations from its mean (see WindowMoments). */
const DRIFT_LIMIT = 256;

/** What `scan` writes for each pair. */
export const PairStatistic = {
  None: 0,
  Covariance0: 1,
  Covariance1: 2,
  Correlation: 3,
  Beta: 4,
  VarianceX1: 5,
} as const;
export type PairStatistic = (typeof PairStatistic)[keyof typeof PairStatistic];

// Plain constants for the hot path (see WindowMoments).
const COVARIANCE0 = 1;
const COVARIANCE1 = 2;
const CORRELATION = 3;
const BETA = 4;
const VARIANCE_X1 = 5;
const NO_VALUES = new Float64Array(0);

/** Centred cross moment Σ(a−ā)(b−b̄) from compensated sums (invN = 1/n). */
function centred(sa: number, ca: number, sb: number, cb: number, sab: number, cab: number, invN: number): number {
  return sab + cab - (sa + ca) * (sb + cb) * invN;
}

// One small function per statistic so that V8 inlines each into the scan loop (a large shared
// function would be called out of line, boxing every double argument). Reciprocals replace
// divisions by n and n − 1 to keep the divider free (results differ by at most an ulp).

function covarianceOf(
  invDof: number,
  sx: number,
  cx: number,
  sy: number,
  cy: number,
  sxy: number,
  cxy: number,
  invN: number,
  constant: boolean,
): number {
  if (!(invDof < Number.POSITIVE_INFINITY)) return Number.NaN;
  return constant ? 0 : centred(sx, cx, sy, cy, sxy, cxy, invN) * invDof;
}

/** Pearson correlation clamped to [−1, 1]; none when a leg is constant (pandas: 0/0 or noise/0). */
function correlationOf(
  sx: number,
  cx: number,
  sy: number,
  cy: number,
  sxx: number,
  cxx: number,
  syy: number,
  cyy: number,
  sxy: number,
  cxy: number,
  invN: number,
  constant: boolean,
): number {
  const mxx = centred(sx, cx, sx, cx, sxx, cxx, invN);
  const myy = centred(sy, cy, sy, cy, syy, cyy, invN);
  if (constant || !(mxx > 0) || !(myy > 0)) return Number.NaN;
  const r = centred(sx, cx, sy, cy, sxy, cxy, invN) / Math.sqrt(mxx * myy);
  return Math.min(1, Math.max(-1, r));
}

/** cov(y, x)/var(x) (the ddof cancels); none when x is constant, 0 when only y is. */
function betaOf(
  sx: number,
  cx: number,
  sy: number,
  cy: number,
  sxx: number,
  cxx: number,
  sxy: number,
  cxy: number,
  invN: number,
  n: number,
  constantX: boolean,
  constantY: boolean,
): number {
  const mxx = centred(sx, cx, sx, cx, sxx, cxx, invN);
  if (constantX || !(mxx > 0) || n <= 1) return Number.NaN;
  return constantY ? 0 : centred(sx, cx, sy, cy, sxy, cxy, invN) / mxx;
}

function varianceXOf(
  invDof: number,
  sx: number,
  cx: number,
  sxx: number,
  cxx: number,
  invN: number,
  constant: boolean,
): number {
  if (!(invDof < Number.POSITIVE_INFINITY)) return Number.NaN;
  const mxx = centred(sx, cx, sx, cx, sxx, cxx, invN);
  return constant ? 0 : mxx > 0 ? mxx * invDof : 0;
}

/** sums[k] += v with TwoSum, the rounding error going to sums[5 + k]. */
function twoSumInto(sums: Float64Array, k: number, v: number): void {
  const s = sums[k];
  const t = s + v;
  const bp = t - s;
  sums[5 + k] += s - (t - bp) + (v - bp);
  sums[k] = t;
}

/**
 * What `save()` keeps for `restore()`, by name: every scalar of the state and the ring slots the
 * next push overwrites. One object allocated with the window, so a save per tick allocates nothing.
 */
interface SavedPairMoments {
  head: number;
  pushes: number;
  missing: number;
  anchorX: number;
  anchorY: number;
  sx: number;
  cx: number;
  sy: number;
  cy: number;
  sxx: number;
  cxx: number;
  syy: number;
  cyy: number;
  sxy: number;
  cxy: number;
  runX: number;
  runY: number;
  lastX: number;
  lastY: number;
  sinceCheck: number;
  sinceAnchor: number;
  /** The x ring slot the next push overwrites. */
  overwrittenX: number;
  /** The y ring slot the next push overwrites. */
  overwrittenY: number;
}

export class PairWindowMoments {
  readonly window: number;
  private readonly invWindow: number;
  /** 1/(window − ddof) for ddof 0 and 1 (Infinity when window − ddof = 0). */
  private readonly invDof: Float64Array;
  private readonly ringX: Float64Array;
  private readonly ringY: Float64Array;
  private head = 0;
  private pushes = 0;
  private missing = 0;
  // Sums and anchors are NaN until the first value resets them; starting as doubles also keeps
  // V8 from changing the field representation (and deoptimising the loop) on the first store.
  private anchorX = Number.NaN;
  private anchorY = Number.NaN;
  // Σdx, Σdy, Σdx², Σdy², Σdx·dy and their TwoSum compensations.
  private sx = Number.NaN;
  private cx = Number.NaN;
  private sy = Number.NaN;
  private cy = Number.NaN;
  private sxx = Number.NaN;
  private cxx = Number.NaN;
  private syy = Number.NaN;
  private cyy = Number.NaN;
  private sxy = Number.NaN;
  private cxy = Number.NaN;
  private runX = 0;
  private runY = 0;
  private lastX = Number.NaN;
  private lastY = Number.NaN;
  private sinceCheck = 0;
  private sinceAnchor = 0;
  private readonly oneX = new Float64Array(1);
  private readonly oneY = new Float64Array(1);
  private readonly saved: SavedPairMoments = {
    head: 0,
    pushes: 0,
    missing: 0,
    anchorX: Number.NaN,
    anchorY: Number.NaN,
    sx: Number.NaN,
    cx: Number.NaN,
    sy: Number.NaN,
    cy: Number.NaN,
    sxx: Number.NaN,
    cxx: Number.NaN,
    syy: Number.NaN,
    cyy: Number.NaN,
    sxy: Number.NaN,
    cxy: Number.NaN,
    runX: 0,
    runY: 0,
    lastX: Number.NaN,
    lastY: Number.NaN,
    sinceCheck: 0,
    sinceAnchor: 0,
    overwrittenX: Number.NaN,
    overwrittenY: Number.NaN,
  };
  private hasSaved = false;
  /** Set when a scan met ±Infinity (batch callers then report the index and throw). */
  sawNonFinite = false;

  constructor(window: number) {
    assertWindow(window);
    this.window = window;
    this.invWindow = 1 / window;
    this.invDof = Float64Array.of(1 / window, 1 / (window - 1));
    this.ringX = new Float64Array(window);
    this.ringY = new Float64Array(window);
    // Runs the state load/store once so that an optimised batch loop does not deoptimise on exit.
    this.scan(NO_VALUES, NO_VALUES, 0, 0, null, PairStatistic.None);
  }

  /** Appends a pair (NaN = missing); a missing leg makes the whole point missing. */
  push(x: number, y: number): void {
    this.oneX[0] = x;
    this.oneY[0] = y;
    this.scan(this.oneX, this.oneY, 0, 1, null, PairStatistic.None);
  }

  /** Pushes pairs [from, to) and, when `out` is given, writes the statistic after each one. */
  scan(
    xs: Float64Array,
    ys: Float64Array,
    from: number,
    to: number,
    out: Float64Array | null,
    statistic: PairStatistic,
  ): void {
    let i = this.scanUntilRecentre(xs, ys, from, to, out, statistic);
    while (i < to) {
      this.recentre();
      i = this.scanUntilRecentre(xs, ys, i, to, out, statistic);
    }
  }

  /** Moves the anchors to the window means and recomputes the sums (two passes). */
  private recentre(): void {
    const len = Math.min(this.pushes, this.window);
    const n = len - this.missing;
    const rx = this.ringX;
    const ry = this.ringY;
    let tx = 0;
    let ty = 0;
    for (let k = 0; k < len; k++) {
      const v = rx[k];
      if (v === v) {
        tx += v - this.anchorX;
        ty += ry[k] - this.anchorY;
      }
    }
    const ax = this.anchorX + tx / n;
    const ay = this.anchorY + ty / n;
    const sums = new Float64Array(10); // Σdx, Σdy, Σdx², Σdy², Σdxdy, then their compensations
    for (let k = 0; k < len; k++) {
      const v = rx[k];
      if (v === v) {
        const dx = v - ax;
        const dy = ry[k] - ay;
        twoSumInto(sums, 0, dx);
        twoSumInto(sums, 1, dy);
        twoSumInto(sums, 2, dx * dx);
        twoSumInto(sums, 3, dy * dy);
        twoSumInto(sums, 4, dx * dy);
      }
    }
    this.anchorX = ax;
    this.anchorY = ay;
    this.sx = sums[0];
    this.sy = sums[1];
    this.sxx = sums[2];
    this.syy = sums[3];
    this.sxy = sums[4];
    this.cx = sums[5];
    this.cy = sums[6];
    this.cxx = sums[7];
    this.cyy = sums[8];
    this.cxy = sums[9];
    this.sinceCheck = 0;
    this.sinceAnchor = 0;
  }

  /**
   * The scan loop proper; returns early (the index of the next pair) when the anchors have to
   * be recentred first. That rare call is made from outside so the loop keeps its registers.
   */
  private scanUntilRecentre(
    xs: Float64Array,
    ys: Float64Array,
    from: number,
    to: number,
    out: Float64Array | null,
    statistic: PairStatistic,
  ): number {
    const w = this.window;
    const invN = this.invWindow;
    const invDof = this.invDof[statistic === COVARIANCE0 ? 0 : 1];
    const ringX = this.ringX;
    const ringY = this.ringY;
    let head = this.head;
    let pushes = this.pushes;
    let missing = this.missing;
    let ax = this.anchorX;
    let ay = this.anchorY;
    let sx = this.sx;
    let cx = this.cx;
    let sy = this.sy;
    let cy = this.cy;
    let sxx = this.sxx;
    let cxx = this.cxx;
    let syy = this.syy;
    let cyy = this.cyy;
    let sxy = this.sxy;
    let cxy = this.cxy;
    let runX = this.runX;
    let runY = this.runY;
    let lastX = this.lastX;
    let lastY = this.lastY;
    let sinceCheck = this.sinceCheck;
    let sinceAnchor = this.sinceAnchor;
    let t = 0;
    let bp = 0;
    // Stays 0 unless a value is ±Infinity (d·0 is then NaN): a validation pass for free.
    let probe = 0;
    let i = from;
    for (; i < to; i++) {
      // Every `window` pushes, before the next one, the anchors go back to the means if one has
      // drifted more than 16 standard deviations away (or after 65,536 pushes).
      if (sinceCheck >= w) {
        const n = Math.min(pushes, w) - missing;
        if (n > 0) {
          const ox = sx + cx;
          const oy = sy + cy;
          const inv = 1 / n;
          const drifted =
            ox * ox > DRIFT_LIMIT * n * centred(sx, cx, sx, cx, sxx, cxx, inv) ||
            oy * oy > DRIFT_LIMIT * n * centred(sy, cy, sy, cy, syy, cyy, inv);
          if (drifted || sinceAnchor >= MAX_UPDATES_PER_ANCHOR) break;
        }
        sinceCheck = 0;
      }
      sinceCheck++;
      let x = xs[i];
      let y = ys[i];
      if (x !== x || y !== y) x = y = Number.NaN;
      let held = pushes;
      if (held >= w) {
        const ox = ringX[head];
        if (ox !== ox) missing--;
        else {
          // TwoSum removal: add the negated terms, keeping each rounding error.
          const dx = ax - ox;
          const dy = ay - ringY[head];
          const dxx = -(dx * dx);
          const dyy = -(dy * dy);
          const dxy = -(dx * dy);
          t = sx + dx;
          bp = t - sx;
          cx += sx - (t - bp) + (dx - bp);
          sx = t;
          t = sy + dy;
          bp = t - sy;
          cy += sy - (t - bp) + (dy - bp);
          sy = t;
          t = sxx + dxx;
          bp = t - sxx;
          cxx += sxx - (t - bp) + (dxx - bp);
          sxx = t;
          t = syy + dyy;
          bp = t - syy;
          cyy += syy - (t - bp) + (dyy - bp);
          syy = t;
          t = sxy + dxy;
          bp = t - sxy;
          cxy += sxy - (t - bp) + (dxy - bp);
          sxy = t;
        }
        held = w - 1;
      }
      ringX[head] = x;
      ringY[head] = y;
      head = head + 1 === w ? 0 : head + 1;
      pushes++;
      if (x !== x) {
        missing++;
        runX = runY = 0;
      } else {
        if (held === missing) {
          // An empty window restarts the sums at this pair, shedding accumulated round-off.
          ax = x;
          ay = y;
          sx = cx = sy = cy = sxx = cxx = syy = cyy = sxy = cxy = 0;
          sinceAnchor = 0;
        }
        const dx = x - ax;
        const dy = y - ay;
        const dxx = dx * dx;
        const dyy = dy * dy;
        const dxy = dx * dy;
        probe += dxy * 0;
        t = sx + dx;
        bp = t - sx;
        cx += sx - (t - bp) + (dx - bp);
        sx = t;
        t = sy + dy;
        bp = t - sy;
        cy += sy - (t - bp) + (dy - bp);
        sy = t;
        t = sxx + dxx;
        bp = t - sxx;
        cxx += sxx - (t - bp) + (dxx - bp);
        sxx = t;
        t = syy + dyy;
        bp = t - syy;
        cyy += syy - (t - bp) + (dyy - bp);
        syy = t;
        t = sxy + dxy;
        bp = t - sxy;
        cxy += sxy - (t - bp) + (dxy - bp);
        sxy = t;
        runX = x === lastX ? runX + 1 : 1;
        runY = y === lastY ? runY + 1 : 1;
      }
      lastX = x;
      lastY = y;
      sinceAnchor++;
      if (out !== null) {
        let result = Number.NaN;
        if (pushes >= w && missing === 0) {
          switch (statistic) {
            case COVARIANCE0:
            case COVARIANCE1:
              result = covarianceOf(invDof, sx, cx, sy, cy, sxy, cxy, invN, runX >= w || runY >= w);
              break;
            case CORRELATION:
              result = correlationOf(sx, cx, sy, cy, sxx, cxx, syy, cyy, sxy, cxy, invN, runX >= w || runY >= w);
              break;
            case BETA:
              result = betaOf(sx, cx, sy, cy, sxx, cxx, sxy, cxy, invN, w, runX >= w, runY >= w);
              break;
            case VARIANCE_X1:
              result = varianceXOf(invDof, sx, cx, sxx, cxx, invN, runX >= w);
              break;
          }
        }
        out[i] = result;
      }
    }
    this.head = head;
    this.pushes = pushes;
    this.missing = missing;
    this.anchorX = ax;
    this.anchorY = ay;
    this.sx = sx;
    this.cx = cx;
    this.sy = sy;
    this.cy = cy;
    this.sxx = sxx;
    this.cxx = cxx;
    this.syy = syy;
    this.cyy = cyy;
    this.sxy = sxy;
    this.cxy = cxy;
    this.runX = runX;
    this.runY = runY;
    this.lastX = lastX;
    this.lastY = lastY;
    this.sinceCheck = sinceCheck;
    this.sinceAnchor = sinceAnchor;
    if (probe !== probe) this.sawNonFinite = true;
    return i;
  }

  save(): void {
    const s = this.saved;
    s.head = this.head;
    s.pushes = this.pushes;
    s.missing = this.missing;
    s.anchorX = this.anchorX;
    s.anchorY = this.anchorY;
    s.sx = this.sx;
    s.cx = this.cx;
    s.sy = this.sy;
    s.cy = this.cy;
    s.sxx = this.sxx;
    s.cxx = this.cxx;
    s.syy = this.syy;
    s.cyy = this.cyy;
    s.sxy = this.sxy;
    s.cxy = this.cxy;
    s.runX = this.runX;
    s.runY = this.runY;
    s.lastX = this.lastX;
    s.lastY = this.lastY;
    s.sinceCheck = this.sinceCheck;
    s.sinceAnchor = this.sinceAnchor;
    s.overwrittenX = this.ringX[this.head];
    s.overwrittenY = this.ringY[this.head];
    this.hasSaved = true;
  }

  restore(): boolean {
    if (!this.hasSaved) return false;
    const s = this.saved;
    this.head = s.head;
    this.pushes = s.pushes;
    this.missing = s.missing;
    this.anchorX = s.anchorX;
    this.anchorY = s.anchorY;
    this.sx = s.sx;
    this.cx = s.cx;
    this.sy = s.sy;
    this.cy = s.cy;
    this.sxx = s.sxx;
    this.cxx = s.cxx;
    this.syy = s.syy;
    this.cyy = s.cyy;
    this.sxy = s.sxy;
    this.cxy = s.cxy;
    this.runX = s.runX;
    this.runY = s.runY;
    this.lastX = s.lastX;
    this.lastY = s.lastY;
    this.sinceCheck = s.sinceCheck;
    this.sinceAnchor = s.sinceAnchor;
    this.ringX[this.head] = s.overwrittenX;
    this.ringY[this.head] = s.overwrittenY;
    return true;
  }

  get count(): number {
    return this.pushes;
  }

  /** The statistic of the current window as `scan` writes it (NaN when there is none). */
  read(statistic: PairStatistic): number {
    const w = this.window;
    if (!(this.pushes >= w && this.missing === 0)) return Number.NaN;
    const { sx, cx, sy, cy, sxx, cxx, syy, cyy, sxy, cxy, invWindow } = this;
    const invDof = this.invDof[statistic === COVARIANCE0 ? 0 : 1];
    const constantX = this.runX >= w;
    const constantY = this.runY >= w;
    switch (statistic) {
      case COVARIANCE0:
      case COVARIANCE1:
        return covarianceOf(invDof, sx, cx, sy, cy, sxy, cxy, invWindow, constantX || constantY);
      case CORRELATION:
        return correlationOf(sx, cx, sy, cy, sxx, cxx, syy, cyy, sxy, cxy, invWindow, constantX || constantY);
      case BETA:
        return betaOf(sx, cx, sy, cy, sxx, cxx, sxy, cxy, invWindow, w, constantX, constantY);
      case VARIANCE_X1:
        return varianceXOf(invDof, sx, cx, sxx, cxx, invWindow, constantX);
      default:
        return Number.NaN;
    }
  }
}
