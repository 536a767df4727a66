// Parameters of the pair and symbol analytics: defaults, allowed values and validation shared by
// the REST routes, the runtime pair configuration and the engines.
import type { InstrumentId, Timeframe } from '../domain/index.js';

export const HEDGE_METHODS = ['ols', 'kalman', 'theil-sen'] as const;
export type HedgeMethod = (typeof HEDGE_METHODS)[number];

export const PRICE_MODES = ['raw', 'log'] as const;
export type PriceMode = (typeof PRICE_MODES)[number];

export interface PairParams {
  /** Aligned closes in the hedge regression and in the ADF / Engle-Granger window. */
  lookback: number;
  /** Spreads in the z-score and returns in the correlation. */
  window: number;
  /** |z| at which a position is opened. */
  entry: number;
  /** |z| at or below which it is closed. */
  exit: number;
  hedge: HedgeMethod;
  /** 'log' regresses and spreads log prices. */
  price: PriceMode;
  /** Kalman coefficient drift δ (hedge=kalman). */
  kalmanDelta: number;
  /** Kalman observation noise variance (hedge=kalman). */
  kalmanVe: number;
}

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

/** Bounds of the numeric parameters; Theil-Sen is O(lookback²) per close, hence its own cap. */
export const PAIR_LIMITS = {
  lookback: { min: 20, max: 20_000 },
  theilSenLookback: { max: 1_000 },
  window: { min: 2, max: 10_000 },
  entry: { min: 0, max: 100 },
  exit: { min: 0, max: 100 },
} as const;

export interface PairKey {
  x: InstrumentId;
  y: InstrumentId;
  timeframe: Timeframe;
}

export interface PairConfig extends PairKey {
  params: PairParams;
}

/** `<x>/<y>:<timeframe>`, as in the WebSocket channel `pair:<x>/<y>:<timeframe>`. */
export function pairId(key: PairKey): string {
  return `${key.x}/${key.y}:${key.timeframe}`;
}

/** A parameter the caller got wrong: which one, what was given, what is allowed. */
export class ParamError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`invalid ${field} ${JSON.stringify(value)}: ${allowed}`);
    this.name = 'ParamError';
  }
}

/** Fills defaults and checks the relations between parameters that a schema cannot express. */
export function resolvePairParams(input: Partial<PairParams> = {}): PairParams {
  const params: PairParams = { ...DEFAULT_PAIR_PARAMS };
  for (const [key, value] of Object.entries(input) as Array<[keyof PairParams, unknown]>) {
    if (value !== undefined) (params as unknown as Record<string, unknown>)[key] = value;
  }
  const integer = (field: 'lookback' | 'window', min: number, max: number) => {
    const v = params[field];
    if (!Number.isInteger(v) || v < min || v > max) throw new ParamError(field, v, `an integer from ${min} to ${max}`);
  };
  integer('lookback', PAIR_LIMITS.lookback.min, PAIR_LIMITS.lookback.max);
  integer('window', PAIR_LIMITS.window.min, PAIR_LIMITS.window.max);
  if (!(HEDGE_METHODS as readonly string[]).includes(params.hedge))
    throw new ParamError('hedge', params.hedge, `one of ${HEDGE_METHODS.join(', ')}`);
  if (!(PRICE_MODES as readonly string[]).includes(params.price))
    throw new ParamError('price', params.price, `one of ${PRICE_MODES.join(', ')}`);
  if (params.hedge === 'theil-sen' && params.lookback > PAIR_LIMITS.theilSenLookback.max) {
    throw new ParamError(
      'lookback',
      params.lookback,
      `at most ${PAIR_LIMITS.theilSenLookback.max} with hedge=theil-sen (it fits all lookback² point pairs ` +
        'on every close)',
    );
  }
  if (!(Number.isFinite(params.entry) && params.entry > 0 && params.entry <= PAIR_LIMITS.entry.max)) {
    throw new ParamError('entry', params.entry, `a number > 0 and <= ${PAIR_LIMITS.entry.max}`);
  }
  if (!(Number.isFinite(params.exit) && params.exit >= 0 && params.exit < params.entry)) {
    throw new ParamError('exit', params.exit, `a number >= 0 and below entry (${params.entry})`);
  }
  if (!(Number.isFinite(params.kalmanDelta) && params.kalmanDelta > 0 && params.kalmanDelta < 1)) {
    throw new ParamError('kalmanDelta', params.kalmanDelta, 'a number in (0, 1)');
  }
  if (!(Number.isFinite(params.kalmanVe) && params.kalmanVe > 0))
    throw new ParamError('kalmanVe', params.kalmanVe, 'a number > 0');
  return params;
}

export function sameParams(a: PairParams, b: PairParams): boolean {
  return (Object.keys(DEFAULT_PAIR_PARAMS) as Array<keyof PairParams>).every((k) => a[k] === b[k]);
}

/**
 * Aligned points a pair engine must see before the first point whose every value is determined
 * by the windows alone: the z-score's oldest spread needs a full lookback behind it.
 */
export function pairWarmup(params: PairParams): number {
  return params.lookback + params.window;
}

/** Which points of a series a request wants. */
export interface SeriesRange {
  /** Inclusive lower bound on the bucket start, epoch ms. */
  from?: number;
  /** Exclusive upper bound on the bucket start, epoch ms. */
  to?: number;
  /** Most points returned; without `from`, the latest ones. */
  limit: number;
}

export interface SymbolParams {
  /** Bars in the rolling volatility and the price / volume z-scores. */
  window: number;
}

export const DEFAULT_SYMBOL_PARAMS: Readonly<SymbolParams> = { window: 60 };

/**
 * Bars a symbol engine sees before its first reported bar. The EMAs (MACD, RSI) forget their
 * start geometrically: after 600 bars the slowest one (span 26) keeps (25/27)^600 ≈ 1e-20 of it,
 * so a live engine and a recomputation that started elsewhere agree to rounding.
 */
export function symbolWarmup(params: SymbolParams): number {
  return Math.max(600, params.window + 2);
}
