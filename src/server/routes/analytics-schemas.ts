// TypeBox schemas of the analytics routes and of the points and tests the analytics WebSocket
// channels push. Enumerations use `enum` so that a wrong value comes back as a 400 naming the
// field and the allowed values, and so that the dashboard's types (wire-types.ts) name them too.
import { Type } from 'typebox';
import { HEDGE_METHODS, PAIR_LIMITS, PRICE_MODES, DEFAULT_PAIR_PARAMS } from '../../analytics/params.js';
import { SCAN_SORTS } from '../../analytics/scan/pair-scanner.js';
import { SIGNALS } from '../../analytics/pair/signal.js';
import { EXPORT_FORMATS } from '../export/table-export.js';
import { InstrumentParam, TimeframeSchema } from '../schemas.js';
import { TimeParam } from '../time-param.js';

export const MAX_SERIES = 100_000;

const Nullable = (description?: string) => Type.Union([Type.Number(), Type.Null()], description ? { description } : {});

export { TimeframeSchema };
export const FormatEnum = Type.Enum([...EXPORT_FORMATS], {
  default: 'json',
  description: 'json, or a csv / parquet download of the series',
});

export const RangeQuery = {
  from: Type.Optional(TimeParam('inclusive lower bound on the bucket start')),
  to: Type.Optional(TimeParam('exclusive upper bound on the bucket start')),
  limit: Type.Integer({
    minimum: 1,
    maximum: MAX_SERIES,
    default: 1000,
    description: 'most points; without `from`, the latest ones',
  }),
};

export const PairParamsQuery = {
  lookback: Type.Optional(
    Type.Integer({
      minimum: PAIR_LIMITS.lookback.min,
      maximum: PAIR_LIMITS.lookback.max,
      description:
        'aligned closes in the hedge regression and the ADF / Engle-Granger window (default ' +
        `${DEFAULT_PAIR_PARAMS.lookback})`,
    }),
  ),
  window: Type.Optional(
    Type.Integer({
      minimum: PAIR_LIMITS.window.min,
      maximum: PAIR_LIMITS.window.max,
      description: `spreads in the z-score and returns in the correlation (default ${DEFAULT_PAIR_PARAMS.window})`,
    }),
  ),
  entry: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: PAIR_LIMITS.entry.max,
      description: '|z| that opens a position (default 2)',
    }),
  ),
  exit: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: PAIR_LIMITS.exit.max,
      description: '|z| at or below which it closes (default 0.5)',
    }),
  ),
  hedge: Type.Optional(
    Type.Enum([...HEDGE_METHODS], { description: 'hedge regression: ols (default), kalman or theil-sen' }),
  ),
  price: Type.Optional(Type.Enum([...PRICE_MODES], { description: 'raw prices (default) or log prices' })),
  kalmanDelta: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Kalman coefficient drift δ (default 1e-4)' }),
  ),
  kalmanVe: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, description: 'Kalman observation noise variance (default 1e-3)' }),
  ),
};

/** POST /pairs: start a live pair; parameters left out take their defaults. */
export const LivePairRequestSchema = Type.Object(
  { x: InstrumentParam, y: InstrumentParam, timeframe: TimeframeSchema, ...PairParamsQuery },
  { additionalProperties: false },
);

export const PairParamsSchema = Type.Object({
  lookback: Type.Integer(),
  window: Type.Integer(),
  entry: Type.Number(),
  exit: Type.Number(),
  hedge: Type.Enum([...HEDGE_METHODS]),
  price: Type.Enum([...PRICE_MODES]),
  kalmanDelta: Type.Number(),
  kalmanVe: Type.Number(),
});

export const PairPointSchema = Type.Object({
  start: Type.Number({ description: 'bucket start, epoch ms UTC' }),
  x: Type.Number({ description: 'close of x (carried forward when x had no bar)' }),
  y: Type.Number(),
  carriedX: Type.Boolean(),
  carriedY: Type.Boolean(),
  hedgeRatio: Nullable('β of y on [1, x] over the lookback'),
  intercept: Nullable(),
  spread: Nullable('y − β·x (log prices with price=log)'),
  zscore: Nullable('z-score of the spread over the window (ddof 1)'),
  correlation: Nullable('correlation of simple returns over the window'),
  signal: Type.Union([Type.Enum([...SIGNALS]), Type.Null()]),
});

export const CriticalValuesSchema = Type.Object({ '1%': Type.Number(), '5%': Type.Number(), '10%': Type.Number() });

export const AdfSchema = Type.Object({
  stat: Type.Number(),
  pValue: Type.Number(),
  usedLag: Type.Integer(),
  nobs: Type.Integer(),
  critical: CriticalValuesSchema,
});

export const EngleGrangerSchema = Type.Object({
  stat: Nullable('null when the legs are perfectly collinear'),
  pValue: Type.Number(),
  critical: CriticalValuesSchema,
});

const HalfLife = Nullable('bars for the spread to halve its distance to the mean; negative = no mean reversion');

export const PairTestsFields = {
  adf: Type.Union([AdfSchema, Type.Null()]),
  engleGranger: Type.Union([EngleGrangerSchema, Type.Null()]),
  halfLife: HalfLife,
  testsStart: Nullable('bucket start of the close the tests ran on'),
  testErrors: Type.Array(Type.String()),
};

/** The tests on the latest close as fields of a pair's latest point (GET /pairs/analytics). */
export const PairTestsFieldsSchema = Type.Object(PairTestsFields);

export const PairTestsSchema = Type.Object({
  start: Type.Number(),
  hedgeRatio: Type.Number(),
  nobs: Type.Integer(),
  ...PairTestsFields,
});

/** One run of a live pair's tests, as the `tests` message of its `pair:` channel carries it. */
export const PairTestsRunSchema = Type.Object({
  start: Type.Number({ description: 'bucket start of the close the tests ran on' }),
  hedgeRatio: Type.Number({ description: 'β the spread was formed with' }),
  nobs: Type.Integer(),
  adf: Type.Union([AdfSchema, Type.Null()]),
  engleGranger: Type.Union([EngleGrangerSchema, Type.Null()]),
  halfLife: HalfLife,
  errors: Type.Array(Type.String({ description: 'why a test could not answer' })),
});

export const PairAnalyticsSchema = Type.Object({
  x: Type.String(),
  y: Type.String(),
  timeframe: TimeframeSchema,
  params: PairParamsSchema,
  live: Type.Boolean({ description: 'served from the live pair engine rather than recomputed from stored bars' }),
  carried: Type.Object(
    { x: Type.Integer(), y: Type.Integer() },
    { description: 'points of the series that carried each leg' },
  ),
  series: Type.Array(PairPointSchema),
  latest: Type.Union([Type.Intersect([PairPointSchema, Type.Object(PairTestsFields)]), Type.Null()]),
  provisional: Type.Union([PairPointSchema, Type.Null()]),
});

export const LivePairSchema = Type.Object({
  id: Type.String({ description: '`<x>/<y>:<timeframe>`; URL-encode it in paths' }),
  x: Type.String(),
  y: Type.String(),
  timeframe: TimeframeSchema,
  params: PairParamsSchema,
  channel: Type.String({ description: 'WebSocket channel with its updates' }),
  warming: Type.Boolean(),
  latest: Type.Union([PairPointSchema, Type.Null()]),
  tests: Type.Union([PairTestsSchema, Type.Null()]),
});

export const SymbolPointSchema = Type.Object({
  start: Type.Number(),
  open: Type.Number(),
  high: Type.Number(),
  low: Type.Number(),
  close: Type.Number(),
  volume: Type.Number(),
  return: Nullable('close / previous close − 1'),
  logReturn: Nullable(),
  volatility: Nullable('annualised close-to-close volatility over the window'),
  yangZhang: Nullable('annualised Yang-Zhang volatility over the window'),
  zscore: Nullable('price z-score over the window'),
  volumeZscore: Nullable(),
  macd: Nullable('MACD 12/26'),
  macdSignal: Nullable(),
  macdHistogram: Nullable(),
  rsi: Nullable('RSI 14 (Wilder)'),
  bollingerMiddle: Nullable('Bollinger 20/2'),
  bollingerUpper: Nullable(),
  bollingerLower: Nullable(),
});

export const SymbolAnalyticsSchema = Type.Object({
  instrument: Type.String(),
  timeframe: TimeframeSchema,
  window: Type.Integer(),
  live: Type.Boolean({ description: 'a live engine runs on this instrument and timeframe' }),
  series: Type.Array(SymbolPointSchema),
  latest: Type.Union([SymbolPointSchema, Type.Null()]),
  provisional: Type.Union([SymbolPointSchema, Type.Null()]),
});

export const InstrumentListParam = Type.String({
  minLength: 2,
  maxLength: 4000,
  description: 'comma-separated instruments, e.g. binance:BTCUSDT,binance:ETHUSDT,SOLUSDT',
});

export const ScanSortEnum = Type.Enum([...SCAN_SORTS], {
  default: 'pValue',
  description: 'rank by pValue (default), halfLife or correlation',
});

const Interval = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[low, high]' });

export const HedgeRegressionSchema = Type.Object({
  x: Type.String(),
  y: Type.String(),
  timeframe: TimeframeSchema,
  lookback: Type.Integer(),
  price: Type.Enum([...PRICE_MODES]),
  start: Type.Number({ description: 'first bucket of the window' }),
  end: Type.Number({ description: 'last bucket of the window' }),
  nobs: Type.Integer(),
  confidence: Type.Number(),
  ols: Type.Object({
    hedgeRatio: Type.Number(),
    intercept: Type.Number(),
    hedgeRatioSe: Type.Number(),
    interceptSe: Type.Number(),
    hedgeRatioCi: Interval,
    interceptCi: Interval,
    hedgeRatioPValue: Type.Number(),
    rSquared: Type.Number(),
    residualStd: Type.Number(),
  }),
  theilSen: Type.Object({ hedgeRatio: Type.Number(), intercept: Type.Number(), hedgeRatioCi: Interval }),
  siegel: Type.Object({ hedgeRatio: Type.Number(), intercept: Type.Number() }),
  kalman: Type.Object({
    hedgeRatio: Type.Number(),
    intercept: Type.Number(),
    delta: Type.Number(),
    observationVariance: Type.Number(),
  }),
});

export const CorrelationSchema = Type.Object({
  timeframe: TimeframeSchema,
  window: Type.Integer(),
  instruments: Type.Array(Type.String(), { description: 'rows and columns of the matrix' }),
  missing: Type.Array(Type.String(), { description: 'instruments without stored bars, left out' }),
  start: Nullable('first bucket of the window'),
  end: Nullable('last bucket of the window'),
  nobs: Type.Integer({ description: 'returns per instrument' }),
  carried: Type.Record(Type.String(), Type.Integer(), {
    description: 'buckets where each instrument carried its close',
  }),
  matrix: Type.Array(Type.Array(Nullable())),
});

export const ScanSchema = Type.Object({
  timeframe: TimeframeSchema,
  lookback: Type.Integer(),
  instruments: Type.Array(Type.String()),
  missing: Type.Array(Type.String()),
  start: Nullable(),
  end: Nullable(),
  pairs: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      x: Type.String(),
      y: Type.String({ description: 'the leg regressed on x' }),
      pValue: Nullable('Engle-Granger p-value of (y, x)'),
      stat: Nullable(),
      hedgeRatio: Nullable(),
      intercept: Nullable(),
      halfLife: Nullable('half-life (bars) of the Engle-Granger residual'),
      correlation: Nullable('correlation of simple returns'),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
