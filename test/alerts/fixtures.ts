// Analytics updates built by hand for the alert tests.
import type { AnalyticsUpdate } from '../../src/analytics/live/analytics-service.js';
import type { PairPoint } from '../../src/analytics/pair/pair-engine.js';
import type { PairTests } from '../../src/analytics/pair/pair-tests.js';
import type { SymbolPoint } from '../../src/analytics/symbol/symbol-engine.js';
import type { Timeframe } from '../../src/domain/index.js';
import type { AlertRule } from '../../src/alerts/rule.js';

export const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);

export function symbolUpdate(instrument: string, timeframe: Timeframe, start: number, values: Partial<SymbolPoint>): AnalyticsUpdate {
  const point: SymbolPoint = {
    start,
    open: 100,
    high: 100,
    low: 100,
    close: 100,
    volume: 1,
    return: null,
    logReturn: null,
    volatility: null,
    yangZhang: null,
    zscore: null,
    volumeZscore: null,
    macd: null,
    macdSignal: null,
    macdHistogram: null,
    rsi: null,
    bollingerMiddle: null,
    bollingerUpper: null,
    bollingerLower: null,
    ...values,
  };
  return { kind: 'symbol', instrument, timeframe, point };
}

export function pairUpdate(x: string, y: string, timeframe: Timeframe, start: number, values: Partial<PairPoint>): AnalyticsUpdate {
  const point: PairPoint = {
    start,
    x: 100,
    y: 50,
    carriedX: false,
    carriedY: false,
    hedgeRatio: null,
    intercept: null,
    spread: null,
    zscore: null,
    correlation: null,
    signal: null,
    ...values,
  };
  return { kind: 'pair', id: `${x}/${y}:${timeframe}`, pair: { x, y, timeframe }, event: { type: 'point', point } };
}

export function pairTestsUpdate(x: string, y: string, timeframe: Timeframe, start: number, values: Partial<PairTests>): AnalyticsUpdate {
  const tests: PairTests = { start, hedgeRatio: 1, nobs: 100, adf: null, engleGranger: null, halfLife: null, errors: [], ...values };
  return { kind: 'pair', id: `${x}/${y}:${timeframe}`, pair: { x, y, timeframe }, event: { type: 'tests', tests } };
}

let counter = 0;

/** A stored-shape rule with defaults; ids are unique per call. */
export function makeRule(overrides: Partial<AlertRule> = {}): AlertRule {
  counter++;
  return {
    id: `rule-${counter}`,
    name: `rule ${counter}`,
    target: { instrument: 'sim:AAA' },
    timeframe: '1s',
    metric: 'price',
    operator: '>',
    threshold: 100,
    band: 0,
    cooldownSec: 0,
    severity: 'medium',
    expiresAt: null,
    channels: ['ws'],
    webhookUrl: null,
    enabled: true,
    createdAt: T0,
    updatedAt: T0,
    expiredAt: null,
    ...overrides,
  };
}
