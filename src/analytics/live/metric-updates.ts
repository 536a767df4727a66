// The live analytics as the domain's metric updates: each metric name mapped explicitly to the
// field of the symbol point, pair point or pair tests that carries it. This is where the names
// and the analytics types meet, so it is here that a numeric field added to a point without a
// metric name is a compile error: the metric catalog cannot silently fall behind the analytics.
import type {
  MetricUpdate,
  MetricValues,
  PairPointMetricName,
  PairTestMetricName,
  SymbolMetricName,
} from '../../domain/index.js';
import type { PairPoint } from '../pair/pair-engine.js';
import type { PairTests } from '../pair/pair-tests.js';
import type { SymbolPoint } from '../symbol/symbol-engine.js';
import type { AnalyticsUpdate } from './analytics-service.js';

type NumericKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

/** Metric name → SymbolPoint field. */
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
} as const satisfies Record<SymbolMetricName, NumericKeys<SymbolPoint>>;

/** Metric name → PairPoint field. */
export const PAIR_POINT_METRIC_FIELDS = {
  zscore: 'zscore',
  spread: 'spread',
  hedge_ratio: 'hedgeRatio',
  intercept: 'intercept',
  correlation: 'correlation',
} as const satisfies Record<PairPointMetricName, NumericKeys<PairPoint>>;

/**
 * Numeric fields deliberately not offered: the bucket start (the update's barStart), and the legs' closes (the
 * instruments' price).
 */
type UnofferedSymbolFields = 'start';
type UnofferedPairFields = 'start' | 'x' | 'y';
type Missing<T, Offered, Unoffered> = Exclude<NumericKeys<T>, Offered | Unoffered>;
// A compile error here names an analytics field that has no metric: add a name to src/domain/metric.ts and map it
// above.
const symbolMetricsAreComplete: [
  Missing<SymbolPoint, (typeof SYMBOL_METRIC_FIELDS)[SymbolMetricName], UnofferedSymbolFields>,
] extends [never]
  ? true
  : Missing<SymbolPoint, (typeof SYMBOL_METRIC_FIELDS)[SymbolMetricName], UnofferedSymbolFields> = true;
const pairMetricsAreComplete: [
  Missing<PairPoint, (typeof PAIR_POINT_METRIC_FIELDS)[PairPointMetricName], UnofferedPairFields>,
] extends [never]
  ? true
  : Missing<PairPoint, (typeof PAIR_POINT_METRIC_FIELDS)[PairPointMetricName], UnofferedPairFields> = true;
void symbolMetricsAreComplete;
void pairMetricsAreComplete;

// The values are copied by the maps above written out as object literals, not by a loop over
// them: a literal is one allocation of one fixed shape, ~25x cheaper than 18 keyed stores, and
// this runs on the ingestion path for every update. metric-updates.test.ts holds them to the maps.

export function symbolMetricValues(p: SymbolPoint): MetricValues<SymbolMetricName> {
  return {
    price: p.close,
    open: p.open,
    high: p.high,
    low: p.low,
    volume: p.volume,
    return: p.return,
    log_return: p.logReturn,
    volatility: p.volatility,
    volatility_yang_zhang: p.yangZhang,
    zscore: p.zscore,
    volume_zscore: p.volumeZscore,
    macd: p.macd,
    macd_signal: p.macdSignal,
    macd_histogram: p.macdHistogram,
    rsi: p.rsi,
    bollinger_middle: p.bollingerMiddle,
    bollinger_upper: p.bollingerUpper,
    bollinger_lower: p.bollingerLower,
  };
}

export function pairPointMetricValues(p: PairPoint): MetricValues<PairPointMetricName> {
  return {
    zscore: p.zscore,
    spread: p.spread,
    hedge_ratio: p.hedgeRatio,
    intercept: p.intercept,
    correlation: p.correlation,
  };
}

/** The heavy tests' values; a test that could not answer gives null. */
export function pairTestMetricValues(t: PairTests): MetricValues<PairTestMetricName> {
  return {
    adf_pvalue: t.adf?.pValue ?? null,
    adf_stat: t.adf?.stat ?? null,
    eg_pvalue: t.engleGranger?.pValue ?? null,
    eg_stat: t.engleGranger?.stat ?? null,
    half_life: t.halfLife,
  };
}

export function toMetricUpdate(update: AnalyticsUpdate): MetricUpdate {
  if (update.kind === 'symbol') {
    const { point } = update;
    return {
      target: { instrument: update.instrument },
      timeframe: update.timeframe,
      source: 'point',
      barStart: point.start,
      values: symbolMetricValues(point),
    };
  }
  const { pair, event } = update;
  const target = { pair: { x: pair.x, y: pair.y } };
  if (event.type === 'point')
    return {
      target,
      timeframe: pair.timeframe,
      source: 'point',
      barStart: event.point.start,
      values: pairPointMetricValues(event.point),
    };
  return {
    target,
    timeframe: pair.timeframe,
    source: 'tests',
    barStart: event.tests.start,
    values: pairTestMetricValues(event.tests),
  };
}
