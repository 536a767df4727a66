// Ranks every pair of a set of instruments for pairs trading: Engle-Granger test of y on x (x the
// earlier instrument of the list), the half-life of its residual spread, and the correlation of
// simple returns, all over the same aligned lookback. Per-instrument work (price transform,
// standardised returns) is done once, not once per pair; large scans share the pairs with worker
// threads on the spare CPUs, and the share left on this thread yields to the event loop every few
// milliseconds so that a scan never stalls ingestion.
import { engleGranger } from '../../stats/cointegration/index.js';
import { halfLife } from '../../stats/meanreversion/index.js';
import { referenceLog } from '../../stats/returns/reference-log.js';
import type { PriceMode } from '../params.js';
import { scanInWorkers, scanWorkerCount } from './scan-workers.js';

export const SCAN_SORTS = ['pValue', 'halfLife', 'correlation'] as const;
export type ScanSort = (typeof SCAN_SORTS)[number];

export interface ScanRow {
  rank: number;
  x: string;
  y: string;
  /** Engle-Granger (MacKinnon) p-value; small = cointegrated. */
  pValue: number | null;
  stat: number | null;
  hedgeRatio: number | null;
  intercept: number | null;
  /** Half-life in bars of the Engle-Granger residual; null when it does not mean-revert. */
  halfLife: number | null;
  correlation: number | null;
  /** Why the test could not be run, when it could not. */
  error: string | null;
}

export interface ScanOptions {
  price?: PriceMode;
  sort?: ScanSort;
  /** Longest stretch of work between yields to the event loop, ms (default 8). */
  sliceMs?: number;
  /** Worker threads to share the pairs with (default: one per spare CPU for large scans; 0 = none). */
  workers?: number;
}

/** Standardised simple returns (ddof 1), or null when the returns do not vary. */
function standardizedReturns(closes: Float64Array): Float64Array | null {
  const n = closes.length - 1;
  if (n < 2) return null;
  const r = new Float64Array(n);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += r[t] = closes[t + 1] / closes[t] - 1;
  mean /= n;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (r[t] - mean) ** 2;
  const std = Math.sqrt(ss / (n - 1));
  if (!(std > 0)) return null;
  for (let t = 0; t < n; t++) r[t] = (r[t] - mean) / std;
  return r;
}

function correlationOf(a: Float64Array | null, b: Float64Array | null): number | null {
  if (a === null || b === null) return null;
  let sum = 0;
  for (let t = 0; t < a.length; t++) sum += a[t] * b[t];
  const r = sum / (a.length - 1);
  return Math.min(1, Math.max(-1, r));
}

const byNullLast = (a: number | null, b: number | null, key: (v: number) => number) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : key(a) - key(b);

function compareRows(sort: ScanSort): (a: ScanRow, b: ScanRow) => number {
  const pValue = (a: ScanRow, b: ScanRow) => byNullLast(a.pValue, b.pValue, (v) => v);
  // A positive half-life means mean reversion; shorter is better, negative ones go last.
  const half = (a: ScanRow, b: ScanRow) => byNullLast(a.halfLife, b.halfLife, (v) => (v > 0 ? v : Number.MAX_VALUE));
  const corr = (a: ScanRow, b: ScanRow) => byNullLast(a.correlation, b.correlation, (v) => -Math.abs(v));
  const order =
    sort === 'halfLife' ? [half, pValue, corr] : sort === 'correlation' ? [corr, pValue, half] : [pValue, half, corr];
  return (a, b) => {
    for (const compare of order) {
      const c = compare(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Per-instrument work done once for all pairs: price transform and standardised returns. */
export interface PreparedScan {
  names: readonly string[];
  levels: readonly Float64Array[];
  returns: readonly (Float64Array | null)[];
}

export function prepareScan(
  names: readonly string[],
  closes: readonly Float64Array[],
  price: PriceMode = 'raw',
): PreparedScan {
  return {
    names,
    levels: price === 'log' ? closes.map((c) => c.map((v) => referenceLog(v))) : closes,
    returns: closes.map(standardizedReturns),
  };
}

/** Engle-Granger of y = instrument j on x = instrument i, the half-life of its residual, the correlation. */
export function scanPair(prepared: PreparedScan, i: number, j: number): ScanRow {
  const row: ScanRow = {
    rank: 0,
    x: prepared.names[i],
    y: prepared.names[j],
    pValue: null,
    stat: null,
    hedgeRatio: null,
    intercept: null,
    halfLife: null,
    correlation: correlationOf(prepared.returns[i], prepared.returns[j]),
    error: null,
  };
  try {
    const eg = engleGranger(prepared.levels[j], prepared.levels[i], { trend: 'c', autolag: 'AIC' });
    row.pValue = eg.pvalue;
    row.stat = Number.isFinite(eg.tstat) ? eg.tstat : null;
    row.hedgeRatio = eg.hedgeRatio;
    row.intercept = eg.intercept;
    if (!eg.collinear) {
      const hl = halfLife(eg.spread).halflife;
      row.halfLife = Number.isFinite(hl) ? hl : null;
    }
  } catch (error) {
    row.error = (error as Error).message;
  }
  return row;
}

/** Scans the pairs (flattened i, j) on this thread, yielding to the event loop every `sliceMs`. */
export async function scanInThread(prepared: PreparedScan, pairs: Int32Array, sliceMs = 8): Promise<ScanRow[]> {
  const rows: ScanRow[] = [];
  let sliceStart = performance.now();
  for (let k = 0; k < pairs.length; k += 2) {
    rows.push(scanPair(prepared, pairs[k], pairs[k + 1]));
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return rows;
}

export async function scanPairs(
  names: readonly string[],
  closes: readonly Float64Array[],
  options: ScanOptions = {},
): Promise<ScanRow[]> {
  const price = options.price ?? 'raw';
  const pairs = new Int32Array(names.length * (names.length - 1));
  let k = 0;
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      pairs[k++] = i;
      pairs[k++] = j;
    }
  const workers = options.workers ?? scanWorkerCount(pairs.length / 2);
  const rows =
    workers > 0
      ? await scanInWorkers({ names, closes, price, pairs }, workers, (share) =>
          scanInThread(prepareScan(names, closes, price), share, options.sliceMs),
        )
      : await scanInThread(prepareScan(names, closes, price), pairs, options.sliceMs);
  rows.sort(compareRows(options.sort ?? 'pValue'));
  rows.forEach((row, rank) => {
    row.rank = rank + 1;
  });
  return rows;
}
