// The metrics the live analytics publish, by name, and the message that carries one bar's values
// of them. Producers (src/analytics) map their own types onto these names; consumers (src/alerts,
// and across processes the bus) see only this plain, serialisable shape.
import type { InstrumentId } from './instrument.js';
import type { Timeframe } from './timeframe.js';

/** Metrics of one instrument, published on every closed bar. */
export const SYMBOL_METRIC_NAMES = [
  'price',
  'open',
  'high',
  'low',
  'volume',
  'return',
  'log_return',
  'volatility',
  'volatility_yang_zhang',
  'zscore',
  'volume_zscore',
  'macd',
  'macd_signal',
  'macd_histogram',
  'rsi',
  'bollinger_middle',
  'bollinger_upper',
  'bollinger_lower',
] as const;

/** Metrics of a pair published on every aligned close (its point). */
export const PAIR_POINT_METRIC_NAMES = ['zscore', 'spread', 'hedge_ratio', 'intercept', 'correlation'] as const;

/** Metrics of a pair from its heavy tests (ADF, Engle-Granger, half-life), published when they finish. */
export const PAIR_TEST_METRIC_NAMES = ['adf_pvalue', 'adf_stat', 'eg_pvalue', 'eg_stat', 'half_life'] as const;

export type SymbolMetricName = (typeof SYMBOL_METRIC_NAMES)[number];
export type PairPointMetricName = (typeof PAIR_POINT_METRIC_NAMES)[number];
export type PairTestMetricName = (typeof PAIR_TEST_METRIC_NAMES)[number];
export type PairMetricName = PairPointMetricName | PairTestMetricName;
export type MetricName = SymbolMetricName | PairMetricName;

/** Which message of a series carries a metric: the point of each close, or a pair's heavy tests. */
export type MetricSource = 'point' | 'tests';

/** What a metric is measured on: an instrument, or a pair (y regressed on x). */
export type MetricTarget = { instrument: InstrumentId } | { pair: { x: InstrumentId; y: InstrumentId } };

/**
 * One value per metric of the message; null while the analytics cannot give it yet (warming up, a test that failed).
 */
export type MetricValues<Name extends MetricName> = { readonly [K in Name]: number | null };

interface MetricUpdateOf<Target extends MetricTarget, Source extends MetricSource, Name extends MetricName> {
  readonly target: Target;
  readonly timeframe: Timeframe;
  readonly source: Source;
  /** Start of the bar (bucket) the values are for. */
  readonly barStart: number;
  readonly values: MetricValues<Name>;
}

/** The metrics of one series on one bar: every metric its source carries, each read by name. */
export type MetricUpdate =
  | MetricUpdateOf<{ instrument: InstrumentId }, 'point', SymbolMetricName>
  | MetricUpdateOf<{ pair: { x: InstrumentId; y: InstrumentId } }, 'point', PairPointMetricName>
  | MetricUpdateOf<{ pair: { x: InstrumentId; y: InstrumentId } }, 'tests', PairTestMetricName>;

/**
 * A live analytics result on the bus: the metrics by name (what alert rules read) and the result
 * they come from (a symbol point, a pair point or a pair's tests) as the dashboard's `analytics:`
 * and `pair:` channels show it. Plain JSON, so that it can cross processes as it is.
 */
export interface MetricMessage {
  readonly update: MetricUpdate;
  /** Owned by the analytics (SymbolPoint, PairPoint, PairTests); consumers forward it, they do not read it. */
  readonly result: object;
}
