// The Pairs view's parameters in the route: the legs (`x`, `y`), `timeframe` and the analytics
// parameters (`window`, `lookback`, `hedge`, `entry`, `exit`, `price`). Values the server would
// refuse are replaced by defaults here, with the reason, so a mistyped link still opens a chart.
import {
  DEFAULT_PAIR_PARAMS,
  HEDGE_METHODS,
  PAIR_LIMITS,
  PRICE_MODES,
  type HedgeMethod,
  type PairParams,
  type PriceMode,
} from '../api/analytics-types.ts';
import { isTimeframe, type InstrumentId, type Timeframe } from '../api/types.ts';
import type { RouteParams } from './route.ts';

export interface PairSelection {
  x: InstrumentId | null;
  y: InstrumentId | null;
  timeframe: Timeframe | null;
  params: PairParams;
  /** Parameters of the link that were not usable, with why. */
  problems: string[];
}

function integerIn(
  raw: string | undefined,
  field: string,
  min: number,
  max: number,
  fallback: number,
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${field} must be an integer from ${min} to ${max} (got "${raw}")`);
  return fallback;
}

function numberIn(
  raw: string | undefined,
  field: string,
  ok: (value: number) => boolean,
  allowed: string,
  fallback: number,
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(value) && ok(value)) return value;
  problems.push(`${field} must be ${allowed} (got "${raw}")`);
  return fallback;
}

export function readPairSelection(params: RouteParams, defaults: PairParams = DEFAULT_PAIR_PARAMS): PairSelection {
  const problems: string[] = [];
  const hedge = (HEDGE_METHODS as readonly string[]).includes(params.hedge ?? '')
    ? (params.hedge as HedgeMethod)
    : defaults.hedge;
  if (params.hedge !== undefined && hedge !== params.hedge)
    problems.push(`hedge must be one of ${HEDGE_METHODS.join(', ')} (got "${params.hedge}")`);
  const price = (PRICE_MODES as readonly string[]).includes(params.price ?? '')
    ? (params.price as PriceMode)
    : defaults.price;
  if (params.price !== undefined && price !== params.price)
    problems.push(`price must be raw or log (got "${params.price}")`);
  const lookbackMax = hedge === 'theil-sen' ? PAIR_LIMITS.theilSenLookback : PAIR_LIMITS.lookback.max;
  const lookback = integerIn(
    params.lookback,
    'lookback',
    PAIR_LIMITS.lookback.min,
    lookbackMax,
    Math.min(defaults.lookback, lookbackMax),
    problems,
  );
  const window = integerIn(
    params.window,
    'window',
    PAIR_LIMITS.window.min,
    PAIR_LIMITS.window.max,
    defaults.window,
    problems,
  );
  const entry = numberIn(
    params.entry,
    'entry',
    (v) => v > 0 && v <= PAIR_LIMITS.entryMax,
    `> 0 and ≤ ${PAIR_LIMITS.entryMax}`,
    defaults.entry,
    problems,
  );
  const exitFallback = defaults.exit < entry ? defaults.exit : entry / 4;
  const exit = numberIn(
    params.exit,
    'exit',
    (v) => v >= 0 && v < entry,
    `≥ 0 and below entry (${entry})`,
    exitFallback,
    problems,
  );
  const timeframe = isTimeframe(params.timeframe ?? '') ? (params.timeframe as Timeframe) : null;
  if (params.timeframe !== undefined && timeframe === null)
    problems.push(`timeframe "${params.timeframe}" is not one of 1s, 1m, 5m, 15m, 1h, 4h, 1d`);
  return {
    x: params.x ?? null,
    y: params.y ?? null,
    timeframe,
    params: { ...defaults, lookback, window, entry, exit, hedge, price },
    problems,
  };
}

/** The route parameters for a pair; parameters equal to the defaults are left out of the link. */
export function pairRouteParams(
  x: InstrumentId,
  y: InstrumentId,
  timeframe: Timeframe,
  params: PairParams,
): Record<string, string | null> {
  const differs = <K extends keyof PairParams>(key: K) =>
    params[key] === DEFAULT_PAIR_PARAMS[key] ? null : String(params[key]);
  return {
    x,
    y,
    timeframe,
    window: differs('window'),
    lookback: differs('lookback'),
    hedge: differs('hedge'),
    entry: differs('entry'),
    exit: differs('exit'),
    price: differs('price'),
  };
}

/** A route patch for changed parameters, with values equal to the defaults removed from the link. */
export function paramPatch(patch: Partial<Record<keyof PairParams, string | number>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(patch) as Array<[keyof PairParams, string | number]>) {
    out[key] = String(value) === String(DEFAULT_PAIR_PARAMS[key]) ? null : String(value);
  }
  return out;
}

export function sameAnalyticsParams(a: PairParams, b: PairParams): boolean {
  return (Object.keys(DEFAULT_PAIR_PARAMS) as Array<keyof PairParams>).every((key) => a[key] === b[key]);
}
