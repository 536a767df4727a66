// Test reference: textbook two-pass window statistics recomputed from scratch for every window,
// the slow but obviously right baseline the O(1) estimators are checked against.

export type Obs = number | null;

function complete(values: readonly Obs[]): number[] | null {
  const out: number[] = [];
  for (const v of values) {
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

export function twoPassMean(values: readonly Obs[]): number | null {
  const v = complete(values);
  if (!v || v.length === 0) return null;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

export function twoPassVariance(values: readonly Obs[], ddof: number): number | null {
  const v = complete(values);
  if (!v || v.length <= ddof) return null;
  const m = twoPassMean(v) as number;
  let s = 0;
  for (const x of v) s += (x - m) * (x - m);
  return s / (v.length - ddof);
}

export function twoPassCovariance(xs: readonly Obs[], ys: readonly Obs[], ddof: number): number | null {
  const x = complete(xs);
  const y = complete(ys);
  if (!x || !y || x.length <= ddof) return null;
  const mx = twoPassMean(x) as number;
  const my = twoPassMean(y) as number;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mx) * (y[i] - my);
  return s / (x.length - ddof);
}

export function twoPassZScore(values: readonly Obs[]): number | null {
  const variance = twoPassVariance(values, 1);
  const last = values[values.length - 1];
  if (variance === null || last === null) return null;
  const v = values as number[];
  if (v.every((x) => x === v[0])) return null;
  return (last - (twoPassMean(values) as number)) / Math.sqrt(variance);
}

export function twoPassCorrelation(xs: readonly Obs[], ys: readonly Obs[]): number | null {
  const c = twoPassCovariance(xs, ys, 1);
  const vx = twoPassVariance(xs, 1);
  const vy = twoPassVariance(ys, 1);
  if (c === null || vx === null || vy === null || vx === 0 || vy === 0) return null;
  return c / Math.sqrt(vx * vy);
}

export function twoPassBeta(xs: readonly Obs[], ys: readonly Obs[]): number | null {
  const c = twoPassCovariance(xs, ys, 1);
  const vx = twoPassVariance(xs, 1);
  if (c === null || vx === null || vx === 0) return null;
  return c / vx;
}

/** Applies `f` to every trailing window; null until the window is full. */
export function perWindow<T>(
  values: readonly T[],
  window: number,
  f: (slice: readonly T[], end: number) => number | null,
): (number | null)[] {
  return values.map((_, i) => (i + 1 < window ? null : f(values.slice(i + 1 - window, i + 1), i)));
}

/** BTC-level prices with a slow swing and small noise: cancellation-prone for naive running sums. */
export function btcLevel(random: () => number, index: number): number {
  return 60_000 + 20_000 * Math.sin((2 * Math.PI * index) / 200_000) + 50 * (random() - 0.5);
}

/** Asserts-free closeness used by property tests. */
export function close(got: number | null, expected: number | null, rtol: number, atol: number): boolean {
  if (got === null || expected === null) return got === expected;
  return Math.abs(got - expected) <= atol + rtol * Math.abs(expected);
}
