import { describe, expect, it } from 'vitest';
import {
  PAIR_POINT_METRIC_NAMES,
  PAIR_TEST_METRIC_NAMES,
  SYMBOL_METRIC_NAMES,
  type MetricName,
  type MetricUpdate,
} from '../../domain/index.js';
import type { PairPoint } from '../pair/pair-engine.js';
import type { PairTests } from '../pair/pair-tests.js';
import type { SymbolPoint } from '../symbol/symbol-engine.js';
import { PAIR_POINT_METRIC_FIELDS, SYMBOL_METRIC_FIELDS, toMetricUpdate } from './metric-updates.js';

const start = Date.UTC(2024, 7, 8, 12, 0, 0);

const metricValue = (update: MetricUpdate, name: MetricName) =>
  (update.values as Partial<Record<MetricName, number | null>>)[name];

/** Every numeric field a different value, so that a metric mapped to the wrong field shows. */
function distinct<T extends object>(shape: T): T {
  let next = 1;
  return Object.fromEntries(
    Object.entries(shape).map(([key, value]) => [
      key,
      key === 'start' || typeof value === 'boolean' ? value : next++ / 8,
    ]),
  ) as T;
}

const symbolPoint = distinct<SymbolPoint>({
  start,
  open: 0,
  high: 0,
  low: 0,
  close: 0,
  volume: 0,
  return: 0,
  logReturn: 0,
  volatility: 0,
  yangZhang: 0,
  zscore: 0,
  volumeZscore: 0,
  macd: 0,
  macdSignal: 0,
  macdHistogram: 0,
  rsi: 0,
  bollingerMiddle: 0,
  bollingerUpper: 0,
  bollingerLower: 0,
});

const pairPoint: PairPoint = {
  ...distinct({ start, x: 0, y: 0, hedgeRatio: 0, intercept: 0, spread: 0, zscore: 0, correlation: 0 }),
  carriedX: false,
  carriedY: true,
  signal: null,
};

describe('toMetricUpdate', () => {
  it('gives every symbol metric the SymbolPoint field it is mapped to, on the point’s bar', () => {
    const update = toMetricUpdate({ kind: 'symbol', instrument: 'sim:AAA', timeframe: '1m', point: symbolPoint });
    expect(update).toMatchObject({
      target: { instrument: 'sim:AAA' },
      timeframe: '1m',
      source: 'point',
      barStart: start,
    });
    expect(Object.keys(update.values)).toEqual([...SYMBOL_METRIC_NAMES]);
    for (const name of SYMBOL_METRIC_NAMES)
      expect([name, metricValue(update, name)]).toEqual([name, symbolPoint[SYMBOL_METRIC_FIELDS[name]]]);
  });

  it('gives every pair point metric its PairPoint field, not the legs’ closes', () => {
    const pair = { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' as const };
    const update = toMetricUpdate({
      kind: 'pair',
      id: 'sim:AAA/sim:BBB:1s',
      pair,
      event: { type: 'point', point: pairPoint },
    });
    expect(update).toMatchObject({
      target: { pair: { x: 'sim:AAA', y: 'sim:BBB' } },
      timeframe: '1s',
      source: 'point',
      barStart: start,
    });
    expect(Object.keys(update.values)).toEqual([...PAIR_POINT_METRIC_NAMES]);
    for (const name of PAIR_POINT_METRIC_NAMES)
      expect([name, metricValue(update, name)]).toEqual([name, pairPoint[PAIR_POINT_METRIC_FIELDS[name]]]);
  });

  it('reads the pair tests’ statistics, null for a test that could not answer', () => {
    const pair = { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' as const };
    const critical = { '1%': -3.5, '5%': -2.9, '10%': -2.6 };
    const tests: PairTests = {
      start,
      hedgeRatio: 1.5,
      nobs: 100,
      adf: { stat: -4, pValue: 0.01, usedLag: 1, nobs: 99, critical },
      engleGranger: null,
      halfLife: 12.5,
      errors: ['engle-granger: constant window'],
    };
    const update = toMetricUpdate({ kind: 'pair', id: 'sim:AAA/sim:BBB:1s', pair, event: { type: 'tests', tests } });
    expect(update).toEqual({
      target: { pair: { x: 'sim:AAA', y: 'sim:BBB' } },
      timeframe: '1s',
      source: 'tests',
      barStart: start,
      values: { adf_pvalue: 0.01, adf_stat: -4, eg_pvalue: null, eg_stat: null, half_life: 12.5 },
    });
    expect(Object.keys(update.values)).toEqual([...PAIR_TEST_METRIC_NAMES]);
  });
});
