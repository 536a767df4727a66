// A pair's series recomputed from stored bars: the same aligner and engine as a live pair, fed
// the legs' history with enough warm-up before the first reported point that every window is
// full. Used when the pair is not live (or the request reaches past the live history).
import type { Bar } from '../../domain/index.js';
import type { BarHistory } from '../live/ports.js';
import { alignLegs } from '../align/bucket-aligner.js';
import { pairWarmup, type PairConfig, type SeriesRange } from '../params.js';
import { PairEngine, type PairInput, type PairPoint } from './pair-engine.js';
import { runPairTests, type PairTests } from './pair-tests.js';

export interface PairSeries {
  series: PairPoint[];
  /** The last point with the heavy tests on it; null when there is no point. */
  latest: (PairPoint & { tests: PairTests | null }) | null;
  /** Points of `series` that carried each leg's close. */
  carried: { x: number; y: number };
  /** The open bars' provisional point, when asked for and newer than the series. */
  provisional: PairPoint | null;
}

export interface OpenBars {
  x?: Bar;
  y?: Bar;
}

/** Yields to the event loop every few milliseconds of work (Theil-Sen series are long). */
async function pace(state: { since: number }): Promise<void> {
  if (performance.now() - state.since < 10) return;
  await new Promise((resolve) => setImmediate(resolve));
  state.since = performance.now();
}

export async function readPairInputs(store: BarHistory, config: PairConfig, range: SeriesRange): Promise<PairInput[]> {
  const warmup = pairWarmup(config.params);
  const legs = [config.x, config.y];
  const read = (instrument: string, query: { from?: number; to?: number; limit: number }) =>
    store.readBars({ instrument, timeframe: config.timeframe, ...query });
  let history: Bar[][];
  let cutoff = Number.POSITIVE_INFINITY;
  if (range.from === undefined) {
    history = await Promise.all(legs.map((leg) => read(leg, { to: range.to, limit: range.limit + warmup })));
  } else {
    const before = await Promise.all(legs.map((leg) => read(leg, { to: range.from, limit: warmup })));
    const after = await Promise.all(
      legs.map((leg) => read(leg, { from: range.from, to: range.to, limit: range.limit })),
    );
    // A leg cut by the limit says nothing about the buckets after its last bar.
    for (const bars of after) if (bars.length === range.limit) cutoff = Math.min(cutoff, bars[bars.length - 1].start);
    history = before.map((bars, leg) => bars.concat(after[leg]));
  }
  return alignLegs(history)
    .filter((p) => p.start <= cutoff)
    .map((p) => ({ start: p.start, x: p.closes[0], y: p.closes[1], carriedX: p.carried[0], carriedY: p.carried[1] }));
}

export async function computePairSeries(
  store: BarHistory,
  config: PairConfig,
  range: SeriesRange,
  open?: OpenBars,
): Promise<PairSeries> {
  await store.flush();
  const inputs = await readPairInputs(store, config, range);
  let first: number;
  let end: number;
  if (range.from === undefined) {
    end = inputs.length;
    first = Math.max(0, end - range.limit);
  } else {
    first = inputs.findIndex((p) => p.start >= range.from!);
    if (first === -1) first = inputs.length;
    end = Math.min(inputs.length, first + range.limit);
  }
  const engine = new PairEngine(config.params);
  const series: PairPoint[] = [];
  const clock = { since: performance.now() };
  for (let i = 0; i < end; i++) {
    const point = engine.push(inputs[i]);
    if (i >= first) series.push(point);
    if (config.params.hedge === 'theil-sen') await pace(clock);
  }
  const testInputs = engine.testInputs();
  const last = series.length > 0 ? series[series.length - 1] : null;
  const tests =
    testInputs !== null && last !== null && testInputs.start === last.start ? runPairTests(testInputs) : null;
  const lastInput = end > 0 ? inputs[end - 1] : undefined;
  return {
    series,
    latest: last === null ? null : { ...last, tests },
    carried: { x: series.filter((p) => p.carriedX).length, y: series.filter((p) => p.carriedY).length },
    provisional:
      open !== undefined && lastInput !== undefined && end === inputs.length
        ? provisionalPoint(engine, lastInput, open, range)
        : null,
  };
}

/** The point the open bars would make if they closed now (legs without an open bar carry). */
function provisionalPoint(engine: PairEngine, last: PairInput, open: OpenBars, range: SeriesRange): PairPoint | null {
  const start = Math.max(open.x?.start ?? Number.NEGATIVE_INFINITY, open.y?.start ?? Number.NEGATIVE_INFINITY);
  if (!(start > last.start) || (range.to !== undefined && start >= range.to)) return null;
  const xOpen = open.x !== undefined && open.x.start === start;
  const yOpen = open.y !== undefined && open.y.start === start;
  return engine.push({
    start,
    x: open.x?.close ?? last.x,
    y: open.y?.close ?? last.y,
    carriedX: !xOpen,
    carriedY: !yOpen,
  });
}
