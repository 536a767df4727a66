// The metrics a rule can watch, by target kind, each mapped explicitly to the field of the live
// analytics that carries it. The analytics types are imported for their shape only (no runtime
// dependency): adding a numeric field to a symbol or pair point without naming it here is a
// compile error, so the alert catalog cannot silently fall behind the analytics.
import type { PairPoint } from '../analytics/pair/pair-engine.js';
import type { PairTests } from '../analytics/pair/pair-tests.js';
import type { SymbolPoint } from '../analytics/symbol/symbol-engine.js';

export const TARGET_KINDS = ['instrument', 'pair'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** How the default hysteresis band follows from the threshold when a rule does not set one. */
export interface DefaultBand {
  /** band = max(relative·|threshold|, min) */
  relative: number;
  min: number;
}

export interface MetricDefinition {
  name: string;
  target: TargetKind;
  /** Which analytics message carries it: a point on each close, or the pair's heavy tests. */
  source: 'point' | 'tests';
  description: string;
  defaultBand: DefaultBand;
  /** The value in an analytics message; null while the analytics cannot give it yet. */
  read: (message: never) => number | null;
}

type NumericKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

const RELATIVE: DefaultBand = { relative: 0.1, min: 0 };
/** Price levels: 0.1 % of the level (70 for BTC at 70,000); 10 % would keep a rule latched for days. */
const PRICE_LEVEL: DefaultBand = { relative: 0.001, min: 0 };
const ZSCORE_BAND: DefaultBand = { relative: 0.1, min: 0.1 };

/** Alert metric name → SymbolPoint field. */
export const SYMBOL_METRIC_FIELDS = {
  price: 'close',
  open: 'open',
  high: 'high',
  low: 'low',
  volume: 'volume',
  return: 'return',
  log_return: 'logReturn',
  volatility: 'volatility',
  volatility_yang_zhang: 'yangZhang',
  zscore: 'zscore',
  volume_zscore: 'volumeZscore',
  macd: 'macd',
  macd_signal: 'macdSignal',
  macd_histogram: 'macdHistogram',
  rsi: 'rsi',
  bollinger_middle: 'bollingerMiddle',
  bollinger_upper: 'bollingerUpper',
  bollinger_lower: 'bollingerLower',
} as const satisfies Record<string, NumericKeys<SymbolPoint>>;

/** Alert metric name → PairPoint field. */
export const PAIR_POINT_METRIC_FIELDS = {
  zscore: 'zscore',
  spread: 'spread',
  hedge_ratio: 'hedgeRatio',
  intercept: 'intercept',
  correlation: 'correlation',
} as const satisfies Record<string, NumericKeys<PairPoint>>;

/** Numeric fields deliberately not offered: the bucket start, and the legs' closes (alert on the instrument's price). */
type UnofferedSymbolFields = 'start';
type UnofferedPairFields = 'start' | 'x' | 'y';
type Missing<T, Offered, Unoffered> = Exclude<NumericKeys<T>, Offered | Unoffered>;
// A compile error here names an analytics field that has no alert metric: add it to the map above.
const symbolCatalogIsComplete: [Missing<SymbolPoint, (typeof SYMBOL_METRIC_FIELDS)[keyof typeof SYMBOL_METRIC_FIELDS], UnofferedSymbolFields>] extends [never]
  ? true
  : Missing<SymbolPoint, (typeof SYMBOL_METRIC_FIELDS)[keyof typeof SYMBOL_METRIC_FIELDS], UnofferedSymbolFields> = true;
const pairCatalogIsComplete: [Missing<PairPoint, (typeof PAIR_POINT_METRIC_FIELDS)[keyof typeof PAIR_POINT_METRIC_FIELDS], UnofferedPairFields>] extends [never]
  ? true
  : Missing<PairPoint, (typeof PAIR_POINT_METRIC_FIELDS)[keyof typeof PAIR_POINT_METRIC_FIELDS], UnofferedPairFields> = true;
void symbolCatalogIsComplete;
void pairCatalogIsComplete;

/** Alert metric name → value in the pair's heavy tests (ADF, Engle-Granger, half-life). */
export const PAIR_TEST_METRICS = {
  adf_pvalue: (t: PairTests) => t.adf?.pValue ?? null,
  adf_stat: (t: PairTests) => t.adf?.stat ?? null,
  eg_pvalue: (t: PairTests) => t.engleGranger?.pValue ?? null,
  eg_stat: (t: PairTests) => t.engleGranger?.stat ?? null,
  half_life: (t: PairTests) => t.halfLife,
} as const;

const SYMBOL_DESCRIPTIONS: Record<keyof typeof SYMBOL_METRIC_FIELDS, [string, DefaultBand]> = {
  price: ['close of the bar', PRICE_LEVEL],
  open: ['open of the bar', PRICE_LEVEL],
  high: ['high of the bar', PRICE_LEVEL],
  low: ['low of the bar', PRICE_LEVEL],
  volume: ['base-asset volume of the bar', RELATIVE],
  return: ['simple return close / previous close − 1 (0.01 = +1 %)', RELATIVE],
  log_return: ['log return of the close', RELATIVE],
  volatility: ['annualised close-to-close volatility over the last 60 bars (0.5 = 50 %)', RELATIVE],
  volatility_yang_zhang: ['annualised Yang-Zhang range volatility over the last 60 bars', RELATIVE],
  zscore: ['z-score of the close against the last 60 closes', ZSCORE_BAND],
  volume_zscore: ['z-score of the volume against the last 60 bars', ZSCORE_BAND],
  macd: ['MACD line (EMA 12 − EMA 26 of the close)', RELATIVE],
  macd_signal: ['MACD signal line (EMA 9 of the MACD line)', RELATIVE],
  macd_histogram: ['MACD histogram (line − signal); crosses 0 when the lines cross', RELATIVE],
  rsi: ['RSI 14 (Wilder), 0–100', { relative: 0, min: 2 }],
  bollinger_middle: ['Bollinger middle band (20-bar mean of the close)', PRICE_LEVEL],
  bollinger_upper: ['Bollinger upper band (mean + 2 std)', PRICE_LEVEL],
  bollinger_lower: ['Bollinger lower band (mean − 2 std)', PRICE_LEVEL],
};

const PAIR_DESCRIPTIONS: Record<keyof typeof PAIR_POINT_METRIC_FIELDS | keyof typeof PAIR_TEST_METRICS, [string, DefaultBand]> = {
  zscore: ["z-score of the spread over the pair's window", ZSCORE_BAND],
  spread: ['spread y − β·x', RELATIVE],
  hedge_ratio: ['hedge ratio β of y on x over the lookback', RELATIVE],
  intercept: ['intercept of the hedge regression', RELATIVE],
  correlation: ["correlation of the legs' returns over the window, −1…1", { relative: 0, min: 0.05 }],
  adf_pvalue: ['ADF p-value of the spread over the lookback (small = stationary)', { relative: 0.1, min: 0.001 }],
  adf_stat: ['ADF statistic of the spread', RELATIVE],
  eg_pvalue: ['Engle-Granger cointegration p-value over the lookback', { relative: 0.1, min: 0.001 }],
  eg_stat: ['Engle-Granger statistic', RELATIVE],
  half_life: ['half-life of the spread in bars (negative = not mean-reverting)', RELATIVE],
};

function symbolMetric(name: keyof typeof SYMBOL_METRIC_FIELDS): MetricDefinition {
  const field = SYMBOL_METRIC_FIELDS[name];
  const [description, defaultBand] = SYMBOL_DESCRIPTIONS[name];
  return { name, target: 'instrument', source: 'point', description, defaultBand, read: ((p: SymbolPoint) => p[field]) as (m: never) => number | null };
}

function pairMetric(name: keyof typeof PAIR_DESCRIPTIONS): MetricDefinition {
  const [description, defaultBand] = PAIR_DESCRIPTIONS[name];
  if (name in PAIR_POINT_METRIC_FIELDS) {
    const field = PAIR_POINT_METRIC_FIELDS[name as keyof typeof PAIR_POINT_METRIC_FIELDS];
    return { name, target: 'pair', source: 'point', description, defaultBand, read: ((p: PairPoint) => p[field]) as (m: never) => number | null };
  }
  const read = PAIR_TEST_METRICS[name as keyof typeof PAIR_TEST_METRICS];
  return { name, target: 'pair', source: 'tests', description, defaultBand, read: read as (m: never) => number | null };
}

export const SYMBOL_METRICS: readonly MetricDefinition[] = (Object.keys(SYMBOL_METRIC_FIELDS) as Array<keyof typeof SYMBOL_METRIC_FIELDS>).map(symbolMetric);
export const PAIR_METRICS: readonly MetricDefinition[] = (Object.keys(PAIR_DESCRIPTIONS) as Array<keyof typeof PAIR_DESCRIPTIONS>).map(pairMetric);

const BY_TARGET: Record<TargetKind, Map<string, MetricDefinition>> = {
  instrument: new Map(SYMBOL_METRICS.map((m) => [m.name, m])),
  pair: new Map(PAIR_METRICS.map((m) => [m.name, m])),
};

/** Every metric name of either kind, for the request schema's enum. */
export const ALL_METRIC_NAMES: readonly string[] = [...new Set([...SYMBOL_METRICS, ...PAIR_METRICS].map((m) => m.name))];

export function metricNames(target: TargetKind): string[] {
  return [...BY_TARGET[target].keys()];
}

export function findMetric(target: TargetKind, name: string): MetricDefinition | undefined {
  return BY_TARGET[target].get(name);
}

/** The band a rule gets when it does not set one. */
export function defaultBandFor(metric: MetricDefinition, threshold: number): number {
  return Math.max(metric.defaultBand.relative * Math.abs(threshold), metric.defaultBand.min);
}
