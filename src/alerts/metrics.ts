// The metrics a rule can watch, by target kind: the names are the domain's (src/domain/metric.ts),
// what the alerts add is a description for the catalog and the default hysteresis band. Which
// message carries a metric (a point on each close, or a pair's heavy tests) decides the series a
// rule is indexed under.
import {
  PAIR_POINT_METRIC_NAMES,
  PAIR_TEST_METRIC_NAMES,
  SYMBOL_METRIC_NAMES,
  type MetricName,
  type MetricSource,
  type PairMetricName,
  type SymbolMetricName,
} from '../domain/index.js';

export const TARGET_KINDS = ['instrument', 'pair'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** How the default hysteresis band follows from the threshold when a rule does not set one. */
export interface DefaultBand {
  /** band = max(relative·|threshold|, min) */
  relative: number;
  min: number;
}

export interface MetricDefinition {
  name: MetricName;
  target: TargetKind;
  /** Which update carries it: a point on each close, or the pair's heavy tests. */
  source: MetricSource;
  description: string;
  defaultBand: DefaultBand;
}

const RELATIVE: DefaultBand = { relative: 0.1, min: 0 };
/** Price levels: 0.1 % of the level (70 for BTC at 70,000); 10 % would keep a rule latched for days. */
const PRICE_LEVEL: DefaultBand = { relative: 0.001, min: 0 };
const ZSCORE_BAND: DefaultBand = { relative: 0.1, min: 0.1 };

const SYMBOL_DESCRIPTIONS: Record<SymbolMetricName, [string, DefaultBand]> = {
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

const PAIR_DESCRIPTIONS: Record<PairMetricName, [string, DefaultBand]> = {
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

function symbolMetric(name: SymbolMetricName): MetricDefinition {
  const [description, defaultBand] = SYMBOL_DESCRIPTIONS[name];
  return { name, target: 'instrument', source: 'point', description, defaultBand };
}

function pairMetric(name: PairMetricName, source: MetricSource): MetricDefinition {
  const [description, defaultBand] = PAIR_DESCRIPTIONS[name];
  return { name, target: 'pair', source, description, defaultBand };
}

export const SYMBOL_METRICS: readonly MetricDefinition[] = SYMBOL_METRIC_NAMES.map(symbolMetric);
export const PAIR_METRICS: readonly MetricDefinition[] = [
  ...PAIR_POINT_METRIC_NAMES.map((name) => pairMetric(name, 'point')),
  ...PAIR_TEST_METRIC_NAMES.map((name) => pairMetric(name, 'tests')),
];

const BY_TARGET: Record<TargetKind, Map<string, MetricDefinition>> = {
  instrument: new Map(SYMBOL_METRICS.map((m) => [m.name, m])),
  pair: new Map(PAIR_METRICS.map((m) => [m.name, m])),
};

/** Every metric name of either kind, for the request schema's enum. */
export const ALL_METRIC_NAMES: readonly string[] = [
  ...new Set([...SYMBOL_METRICS, ...PAIR_METRICS].map((m) => m.name)),
];

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
