// Every case of resample.json: ticks → bars must equal pandas resample within the README's tolerances.
import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, type GoldenCase } from '../../test/golden/golden.js';
import type { Bar, Timeframe } from '../domain/index.js';
import { TimeBarBuilder } from './time-bar-builder.js';

type Columns = Record<string, number[]>;
type ResampleCase = GoldenCase<
  { freqs: string[]; label: string; closed: string; dropEmpty: boolean },
  { ts: number[]; price: number[]; qty: number[]; isBuyerMaker: boolean[] },
  Record<string, Columns>
>;

const PANDAS_FREQ: Record<string, Timeframe> = {
  '1s': '1s',
  '1min': '1m',
  '5min': '5m',
  '15min': '15m',
  '1h': '1h',
  '4h': '4h',
  '1d': '1d',
};
const EXACT = { rtol: 0, atol: 0 };
const VOLUME = { rtol: 1e-12, atol: 1e-12 };

const columnOf: Record<string, { get: (bar: Bar) => number; tol: typeof EXACT }> = {
  t: { get: (b) => b.start, tol: EXACT },
  open: { get: (b) => b.open, tol: EXACT },
  high: { get: (b) => b.high, tol: EXACT },
  low: { get: (b) => b.low, tol: EXACT },
  close: { get: (b) => b.close, tol: EXACT },
  count: { get: (b) => b.trades, tol: EXACT },
  volume: { get: (b) => b.volume, tol: VOLUME },
  quoteVolume: { get: (b) => b.quoteVolume, tol: VOLUME },
  buyVolume: { get: (b) => b.buyVolume, tol: VOLUME },
  sellVolume: { get: (b) => b.volume - b.buyVolume, tol: VOLUME },
  vwap: { get: (b) => b.vwap, tol: VOLUME },
};

const golden = loadGolden<ResampleCase>('resample.json');

describe('time bars equal pandas resample (resample.json)', () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
    const timeframes = testCase.params.freqs.map((f) => {
      const tf = PANDAS_FREQ[f];
      if (tf === undefined) throw new Error(`case ${testCase.id}: unsupported frequency ${f}`);
      return tf;
    });
    const bars = new Map<Timeframe, Bar[]>(timeframes.map((tf) => [tf, []]));
    const builder = new TimeBarBuilder({
      timeframes,
      onBar: (event) => {
        if (event.kind !== 'closed') throw new Error('an in-order stream must not amend bars');
        bars.get(event.bar.timeframe)!.push(event.bar);
      },
    });
    const { ts, price, qty, isBuyerMaker } = testCase.input;
    for (let i = 0; i < ts.length; i++) {
      builder.add({
        instrument: 'sim:AAA',
        id: i + 1,
        ts: ts[i],
        price: price[i],
        qty: qty[i],
        buyerMaker: isBuyerMaker[i],
      });
    }
    builder.closeAll();

    const problems: string[] = [];
    for (const freq of testCase.params.freqs) {
      const got = bars.get(PANDAS_FREQ[freq])!;
      const expected = testCase.expected[freq];
      if (expected === undefined) throw new Error(`case ${testCase.id}: no expected bars for ${freq}`);
      for (const [key, column] of Object.entries(expected)) {
        const spec = columnOf[key];
        if (spec === undefined) throw new Error(`case ${testCase.id}: unknown expected column ${key}`);
        problems.push(...arrayMismatches(`${freq}.${key}`, got.map(spec.get), column, spec.tol));
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
