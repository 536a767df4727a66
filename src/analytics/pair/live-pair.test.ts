import { describe, expect, it } from 'vitest';
import { alignLegs, type LegBar } from '../align/bucket-aligner.js';
import { resolvePairParams, type PairConfig } from '../params.js';
import { LivePair, type PairEvent } from './live-pair.js';
import { PairEngine, type PairPoint } from './pair-engine.js';
import { seededOpenUniform } from '../../domain/seeded-random.js';

function legs(n: number): [LegBar[], LegBar[]] {
  const uniform = seededOpenUniform(5);
  let x = 100;
  const xs: LegBar[] = [];
  const ys: LegBar[] = [];
  for (let i = 0; i < n; i++) {
    x += uniform() - 0.5;
    if (uniform() < 0.8) xs.push({ start: i * 1000, close: Math.round(x * 100) / 100 });
    if (uniform() < 0.8) ys.push({ start: i * 1000, close: Math.round((0.5 * x + uniform()) * 100) / 100 });
  }
  return [xs, ys];
}

/** The pair's points computed in one pass over the aligned legs. */
function batch(config: PairConfig, history: [LegBar[], LegBar[]]): PairPoint[] {
  const engine = new PairEngine(config.params);
  return alignLegs(history).map((p) =>
    engine.push({ start: p.start, x: p.closes[0], y: p.closes[1], carriedX: p.carried[0], carriedY: p.carried[1] }),
  );
}

function livePair(config: PairConfig, historyLimit = 10_000) {
  const points = new Map<number, PairPoint>();
  const events: PairEvent[] = [];
  const jobs: LivePair[] = [];
  const pair = new LivePair({
    config,
    historyLimit,
    emit: (_, event) => {
      events.push(event);
      if (event.type === 'point') points.set(event.point.start, event.point);
    },
    requestJob: (p) => jobs.push(p),
  });
  return { pair, points, events, jobs };
}

/** Feeds the legs as live closes, each bar closing once both legs reached its bucket. */
function feed(pair: LivePair, history: [LegBar[], LegBar[]]) {
  const events = history
    .flatMap((bars, leg) => bars.map((bar) => ({ leg: leg as 0 | 1, ...bar })))
    .sort((a, b) => a.start - b.start);
  for (const e of events) {
    pair.onClose(e.leg, e.start, e.close);
    pair.completeThrough(e.leg === 0 ? 1 : 0, e.start - 1000);
    pair.drain();
  }
  pair.completeThrough(0, Number.MAX_SAFE_INTEGER);
  pair.completeThrough(1, Number.MAX_SAFE_INTEGER);
  pair.drain();
}

const sorted = (points: Map<number, PairPoint>) => [...points.values()].sort((a, b) => a.start - b.start);

describe('LivePair', () => {
  const config: PairConfig = {
    x: 'sim:AAA',
    y: 'sim:BBB',
    timeframe: '1s',
    params: resolvePairParams({ lookback: 30, window: 10 }),
  };

  it('emits, bar by bar, the points a single pass over the aligned history gives', () => {
    const history = legs(300);
    const { pair, points } = livePair(config);
    pair.initialize([[], []], true);
    feed(pair, history);
    expect(sorted(points)).toEqual(batch(config, history));
  });

  it('recomputes from an amended bucket onward: a changed close, and a bar in a bucket that had none', () => {
    const history = legs(300);
    const { pair, points } = livePair(config);
    pair.initialize([[], []], true);
    feed(pair, history);
    const changed = history[1][150];
    pair.onClose(1, changed.start, changed.close + 3);
    const missing = [...Array(300).keys()]
      .map((i) => i * 1000)
      .find((s) => s > 200_000 && !history[0].some((b) => b.start === s) && !history[1].some((b) => b.start === s))!;
    pair.onClose(0, missing, 101);
    const amended: [LegBar[], LegBar[]] = [
      [...history[0], { start: missing, close: 101 }].sort((a, b) => a.start - b.start),
      history[1].map((b) => (b.start === changed.start ? { ...b, close: b.close + 3 } : b)),
    ];
    const want = batch(config, amended);
    const got = sorted(points);
    expect(got.map((p) => p.start)).toEqual(want.map((p) => p.start));
    got.forEach((p, i) => {
      expect(p.spread === null).toBe(want[i].spread === null);
      if (p.zscore !== null) expect(Math.abs(p.zscore - want[i].zscore!)).toBeLessThan(1e-9);
      expect(p.hedgeRatio === null ? null : p.hedgeRatio - want[i].hedgeRatio!).toBeCloseTo(0, 9);
    });
  });

  it('warms up from stored history without emitting it, then continues live', () => {
    const history = legs(200);
    const stored: [LegBar[], LegBar[]] = [
      history[0].filter((b) => b.start < 120_000),
      history[1].filter((b) => b.start < 120_000),
    ];
    const { pair, points } = livePair(config);
    pair.onClose(0, 120_000, 7); // arrives while the history is being read: buffered
    pair.initialize(stored, true);
    expect(points.size).toBe(0); // history is computed, not announced
    expect(pair.series({ limit: 10_000 })).toEqual(batch(config, stored));
    pair.onClose(1, 120_000, 3.5);
    pair.completeThrough(0, 120_000);
    pair.drain();
    expect([...points.keys()]).toEqual([120_000]);
  });

  it('runs Theil-Sen points and the heavy tests only in the deferred job', () => {
    const theilSen: PairConfig = {
      ...config,
      params: resolvePairParams({ lookback: 30, window: 10, hedge: 'theil-sen' }),
    };
    const history = legs(120);
    const { pair, points, jobs, events } = livePair(theilSen);
    pair.initialize([[], []], true);
    feed(pair, history);
    expect(points.size).toBe(0);
    expect(jobs.length).toBeGreaterThan(0);
    pair.runJob();
    expect(sorted(points)).toEqual(batch(theilSen, history));
    const tests = events.filter((e) => e.type === 'tests');
    expect(tests).toHaveLength(1);
    pair.runJob();
    expect(events.filter((e) => e.type === 'tests')).toHaveLength(1); // once per close
  });

  it('serves a range from memory only when the history holds all of it', () => {
    const history = legs(1_000);
    const { pair } = livePair(config, 100);
    pair.initialize([[], []], true);
    feed(pair, history);
    const latest = pair.series({ limit: 50 })!;
    expect(latest).toHaveLength(50);
    expect(latest[49]).toEqual(pair.latest);
    expect(pair.series({ from: 0, limit: 10 })).toBeNull(); // trimmed away
    expect(pair.series({ limit: 5_000 })).toBeNull();
    // Points kept after trimming are the ones a full pass gives.
    const all = batch(config, history);
    expect(pair.series({ limit: 100 })).toEqual(all.slice(-100));
  });
});
