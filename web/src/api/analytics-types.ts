// Wire types of the analytics endpoints (/analytics, /pairs, /pairs/analytics, /pairs/regression,
// /correlation, /scan) and of the `analytics:` and `pair:` WebSocket channels. Where the server
// sends one of its analytics types as it is (parameters, symbol points, the hedge comparison),
// the type is imported from it (type-only: nothing of the server reaches the bundle); the rest
// mirrors src/server/routes/analytics-schemas.ts. The constants the page needs at run time are
// restated here, checked against the server's types so that they cannot drift apart.
import type { HedgeComparison } from '../../../src/analytics/pair/hedge-comparison.ts';
import type { HedgeMethod, PairParams, PriceMode } from '../../../src/analytics/params.ts';
import type { SymbolPoint } from '../../../src/analytics/symbol/symbol-engine.ts';
import type { InstrumentId, Timeframe } from './types.ts';

export type { HedgeComparison, HedgeMethod, PairParams, PriceMode, SymbolPoint };

export const HEDGE_METHODS = ['ols', 'kalman', 'theil-sen'] as const satisfies readonly HedgeMethod[];
export const PRICE_MODES = ['raw', 'log'] as const satisfies readonly PriceMode[];

export const HEDGE_LABELS: Readonly<Record<HedgeMethod, string>> = {
  ols: 'OLS',
  kalman: 'Kalman',
  'theil-sen': 'Theil-Sen',
};

export const DEFAULT_PAIR_PARAMS: Readonly<PairParams> = {
  lookback: 500,
  window: 60,
  entry: 2,
  exit: 0.5,
  hedge: 'ols',
  price: 'raw',
  kalmanDelta: 1e-4,
  kalmanVe: 1e-3,
};

/** Bounds the server enforces (src/analytics/params.ts). */
export const PAIR_LIMITS = {
  lookback: { min: 20, max: 20_000 },
  theilSenLookback: 1_000,
  theilSenSeries: 2_000,
  window: { min: 2, max: 10_000 },
  entryMax: 100,
  regressionLookbackMax: 5_000,
} as const;

export type PairSignal = 'short_spread' | 'long_spread' | 'exit' | 'hold';

export interface PairPoint {
  start: number;
  x: number;
  y: number;
  carriedX: boolean;
  carriedY: boolean;
  hedgeRatio: number | null;
  intercept: number | null;
  spread: number | null;
  zscore: number | null;
  correlation: number | null;
  signal: PairSignal | null;
}

export interface CriticalValues {
  '1%': number;
  '5%': number;
  '10%': number;
}

export interface AdfResult {
  stat: number;
  pValue: number;
  usedLag: number;
  nobs: number;
  critical: CriticalValues;
}

export interface EngleGrangerResult {
  stat: number | null;
  pValue: number;
  critical: CriticalValues;
}

/** The heavy tests on the latest close, as they appear on `latest` of /pairs/analytics. */
export interface PairTestsFields {
  adf: AdfResult | null;
  engleGranger: EngleGrangerResult | null;
  halfLife: number | null;
  testsStart: number | null;
  testErrors: string[];
}

/** The `tests` message of a `pair:` channel. */
export interface PairTestsMessage {
  start: number;
  hedgeRatio: number;
  nobs: number;
  adf: AdfResult | null;
  engleGranger: EngleGrangerResult | null;
  halfLife: number | null;
  errors: string[];
}

export interface PairAnalytics {
  x: InstrumentId;
  y: InstrumentId;
  timeframe: Timeframe;
  params: PairParams;
  live: boolean;
  carried: { x: number; y: number };
  series: PairPoint[];
  latest: (PairPoint & PairTestsFields) | null;
  provisional: PairPoint | null;
}

export interface LivePair {
  id: string;
  x: InstrumentId;
  y: InstrumentId;
  timeframe: Timeframe;
  params: PairParams;
  channel: string;
  warming: boolean;
  latest: PairPoint | null;
  tests: (PairTestsMessage & PairTestsFields) | null;
}

export interface HedgeRegression extends HedgeComparison {
  x: InstrumentId;
  y: InstrumentId;
  timeframe: Timeframe;
  lookback: number;
  price: PriceMode;
  start: number;
  end: number;
}

export interface CorrelationMatrix {
  timeframe: Timeframe;
  window: number;
  instruments: InstrumentId[];
  missing: InstrumentId[];
  start: number | null;
  end: number | null;
  nobs: number;
  carried: Record<InstrumentId, number>;
  matrix: Array<Array<number | null>>;
}

export const SCAN_SORTS = ['pValue', 'halfLife', 'correlation'] as const;
export type ScanSort = (typeof SCAN_SORTS)[number];

export interface ScanRow {
  rank: number;
  x: InstrumentId;
  y: InstrumentId;
  pValue: number | null;
  stat: number | null;
  hedgeRatio: number | null;
  intercept: number | null;
  halfLife: number | null;
  correlation: number | null;
  error: string | null;
}

export interface ScanResult {
  timeframe: Timeframe;
  lookback: number;
  instruments: InstrumentId[];
  missing: InstrumentId[];
  start: number | null;
  end: number | null;
  pairs: ScanRow[];
}

export interface SymbolAnalytics {
  instrument: InstrumentId;
  timeframe: Timeframe;
  window: number;
  live: boolean;
  series: SymbolPoint[];
  latest: SymbolPoint | null;
  provisional: SymbolPoint | null;
}

export function pairChannel(x: InstrumentId, y: InstrumentId, timeframe: Timeframe): string {
  return `pair:${x}/${y}:${timeframe}`;
}

export function analyticsChannel(instrument: InstrumentId, timeframe: Timeframe): string {
  return `analytics:${instrument}:${timeframe}`;
}
