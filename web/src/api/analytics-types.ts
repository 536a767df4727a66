// The wire types of the analytics endpoints (/analytics, /pairs, /pairs/analytics,
// /pairs/regression, /correlation, /scan) and of the `analytics:` and `pair:` WebSocket channels,
// taken type-only from the server's schemas (src/server/wire-types.ts: nothing of the server
// reaches the bundle). The constants the page needs at run time are restated here, typed by the
// wire types so that they cannot drift apart.
import type { HedgeMethod, InstrumentId, PairParams, PriceMode, Timeframe } from '../../../src/server/wire-types.ts';

export type {
  AdfResult,
  CorrelationMatrix,
  CriticalValues,
  EngleGrangerResult,
  HedgeMethod,
  HedgeRegression,
  LivePair,
  LivePairRequest,
  PairAnalytics,
  PairParams,
  PairPoint,
  PairSignal,
  PairTestsFields,
  PairTestsRun,
  PriceMode,
  ScanResult,
  ScanRow,
  ScanSort,
  SymbolAnalytics,
  SymbolPoint,
} from '../../../src/server/wire-types.ts';

export const HEDGE_METHODS = ['ols', 'kalman', 'theil-sen'] as const satisfies readonly HedgeMethod[];
export const PRICE_MODES = ['raw', 'log'] as const satisfies readonly PriceMode[];

/** Every hedge method of the server and no other. */
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

export function pairChannel(x: InstrumentId, y: InstrumentId, timeframe: Timeframe): string {
  return `pair:${x}/${y}:${timeframe}`;
}

export function analyticsChannel(instrument: InstrumentId, timeframe: Timeframe): string {
  return `analytics:${instrument}:${timeframe}`;
}
