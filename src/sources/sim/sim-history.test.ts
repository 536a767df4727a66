import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Tick } from '../../domain/index.js';
import { SIM_HISTORY_DEFAULTS, simulatedHistory } from './sim-history.js';
import { SimSource } from './sim-source.js';

const END = Date.UTC(2024, 4, 1, 12);
const HOUR = 3_600_000;

const all = (batches: Iterable<Tick[]>) => [...batches].flat();

describe('simulatedHistory', () => {
  it('covers the last 24 hours by default, in time order, with ids from 1 and every instrument', () => {
    const history = simulatedHistory({ seed: 3, to: END, rate: 1, denseTailMs: 0 });
    expect(history.from).toBe(END - SIM_HISTORY_DEFAULTS.spanMs);
    const ticks = all(history);
    expect(ticks[0].ts).toBeGreaterThanOrEqual(END - 24 * HOUR);
    expect(ticks[0].ts).toBeLessThan(END - 24 * HOUR + 60_000);
    expect(ticks[ticks.length - 1].ts).toBeLessThan(END);
    expect(ticks.every((t, i) => i === 0 || t.ts >= ticks[i - 1].ts)).toBe(true);
    for (const instrument of ['sim:AAA', 'sim:BBB', 'sim:CCC']) {
      const own = ticks.filter((t) => t.instrument === instrument);
      expect(own.every((t, i) => t.id === i + 1)).toBe(true);
    }
    // Poisson counts: 86 400 expected, standard deviation 294.
    expect(ticks.length).toBeGreaterThan(86_400 - 1_500);
    expect(ticks.length).toBeLessThan(86_400 + 1_500);
  });

  it('generates the dense tail at the live rate', () => {
    const ticks = all(simulatedHistory({ seed: 4, from: END - HOUR, to: END, rate: 2, liveRate: 40 }));
    const tailFrom = END - SIM_HISTORY_DEFAULTS.denseTailMs;
    const tail = ticks.filter((t) => t.ts >= tailFrom).length;
    const before = ticks.length - tail;
    expect(tail / 900).toBeGreaterThan(40 * 0.9);
    expect(tail / 900).toBeLessThan(40 * 1.1);
    expect(before / 2_700).toBeGreaterThan(2 * 0.8);
    expect(before / 2_700).toBeLessThan(2 * 1.2);
  });

  it('is the same for a seed, whatever the batch size, and differs across seeds', () => {
    const options = { from: END - HOUR, to: END, rate: 3 };
    const a = all(simulatedHistory({ ...options, seed: 5 }));
    const b = all(simulatedHistory({ ...options, seed: 5, batchMs: 7_000 }));
    expect(b).toEqual(a);
    expect(all(simulatedHistory({ ...options, seed: 6 }))).not.toEqual(a);
  });

  it('continues live exactly as a longer history would have gone on: same path, next ids', () => {
    const history = simulatedHistory({ seed: 8, from: END - HOUR, to: END, rate: 2, liveRate: 30 });
    const live = [...all(history), ...history.continuation().generateUntil(END + 120_000)];
    const longer = all(
      simulatedHistory({
        seed: 8,
        from: END - HOUR,
        to: END + 120_000,
        rate: 2,
        liveRate: 30,
        denseTailMs: SIM_HISTORY_DEFAULTS.denseTailMs + 120_000,
      }),
    );
    expect(live).toEqual(longer);
    expect(live.some((t) => t.ts >= END)).toBe(true);
  });

  it('yields only the instruments asked, with the trades they have in the full market', () => {
    const options = { seed: 2, from: END - HOUR, to: END, rate: 2 };
    const full = all(simulatedHistory(options));
    const onlyCcc = all(simulatedHistory({ ...options, instruments: ['sim:CCC'] }));
    expect(onlyCcc).toEqual(full.filter((t) => t.instrument === 'sim:CCC'));
    expect(() => simulatedHistory({ ...options, instruments: ['sim:XYZ'] })).toThrow(
      'sim history instrument sim:XYZ is not simulated; known: sim:AAA, sim:BBB, sim:CCC',
    );
  });

  it('continues stored ids', () => {
    const ticks = all(simulatedHistory({ seed: 1, from: END - 60_000, to: END, lastTradeIds: { BBB: 900 } }));
    expect(ticks.find((t) => t.instrument === 'sim:BBB')!.id).toBe(901);
    expect(ticks.find((t) => t.instrument === 'sim:AAA')!.id).toBe(1);
  });

  it('names the bad option, and refuses to be continued before it is taken or to be taken twice', () => {
    expect(() => simulatedHistory({ from: END, to: END - 1 })).toThrow(/from must be epoch ms at or before to/);
    expect(() => simulatedHistory({ to: END, liveRate: 0 })).toThrow('sim liveRate must be > 0 trades/s, got 0');
    expect(() => simulatedHistory({ to: END, rate: -1 })).toThrow('sim tradesPerSecond must be > 0 trades/s, got -1');
    const history = simulatedHistory({ seed: 1, from: END - 60_000, to: END });
    expect(() => history.continuation()).toThrow(/take every batch/);
    all(history);
    expect(() => all(history)).toThrow(/only once/);
  });
});

describe('SimSource continuing a history', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('releases the trades after the history, with the next ids, at the live rate', async () => {
    vi.useFakeTimers();
    let now = END;
    const history = simulatedHistory({ seed: 12, from: END - 10 * 60_000, to: END, liveRate: 50 });
    const past = all(history);
    const source = new SimSource({ continueFrom: history.continuation(), now: () => now, intervalMs: 50 });
    const released: Tick[] = [];
    await source.start((ticks) => released.push(...ticks));
    for (let i = 0; i < 200; i++) {
      now += 50;
      vi.advanceTimersByTime(50);
    }
    await source.stop();
    expect(released.length).toBeGreaterThan(50 * 10 * 0.8);
    expect(released[0].ts).toBeGreaterThanOrEqual(END);
    for (const instrument of ['sim:AAA', 'sim:BBB', 'sim:CCC']) {
      const before = past.filter((t) => t.instrument === instrument);
      const after = released.filter((t) => t.instrument === instrument);
      expect(after[0].id).toBe(before[before.length - 1].id + 1);
      // The same path: the first live price is within a few ticks of the last stored one.
      expect(Math.abs(after[0].price / before[before.length - 1].price - 1)).toBeLessThan(0.002);
    }
  });
});
