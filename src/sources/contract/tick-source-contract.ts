// The contract every TickSource must pass (test helper, called from each source's test file with
// a fixture that feeds it: a simulated clock, recorded files, a fake exchange):
//   - ticks of an instrument come in order: trade ids strictly increasing, ts non-decreasing;
//   - no tick is delivered twice;
//   - stop() is idempotent and ends the stream: no tick after it resolves, whatever the market does;
//   - a new source given the last delivered id per instrument (`resumeFrom`) continues after it,
//     repeating nothing and, where trade ids are contiguous, losing nothing, even of trades made
//     while no source was running.

import { afterEach, describe, expect, it } from 'vitest';
import type { InstrumentId, Tick } from '../../domain/index.js';
import type { TickSource } from '../source.js';

/** What feeds the sources of one test. */
export interface TickSourceFixture {
  /** A new source; `resumeFrom` holds the last trade id per instrument delivered by an earlier one. */
  create(resumeFrom?: ReadonlyMap<InstrumentId, number>): TickSource;
  /** Lets the market trade some more (a fake exchange emits, a manual clock advances); may do nothing. */
  trade(): void | Promise<void>;
  close(): Promise<void>;
}

export interface TickSourceContractSubject {
  name: string;
  fixture(): Promise<TickSourceFixture>;
  /** Ticks a run collects before it is stopped (default 200). */
  ticksPerRun?: number;
  /** Whether an instrument's trade ids have no holes (Binance, the simulator), so a lost trade shows. */
  contiguousIds: boolean;
}

/** How long a run may take to collect its ticks before the test fails saying how far it got. */
const RUN_TIMEOUT_MS = 15_000;

const pause = (ms: number) => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms));

interface Run {
  source: TickSource;
  ticks: Tick[];
}

/** Starts `source` and lets the market trade until at least `count` ticks arrived; then stops it unless told not to. */
async function runUntil(source: TickSource, fixture: TickSourceFixture, count: number, stop = true): Promise<Run> {
  const ticks: Tick[] = [];
  let reached!: () => void;
  const enough = new Promise<boolean>((resolve) => (reached = () => resolve(true)));
  await source.start((batch) => {
    ticks.push(...batch);
    if (ticks.length >= count) reached();
  });
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (!(await Promise.race([enough, pause(20)]))) {
    if (Date.now() > deadline) {
      await source.stop();
      throw new Error(`${source.kind} delivered ${ticks.length} ticks of the ${count} asked for`);
    }
    await fixture.trade();
  }
  if (stop) await source.stop();
  return { source, ticks };
}

function byInstrument(ticks: readonly Tick[]): Map<InstrumentId, Tick[]> {
  const split = new Map<InstrumentId, Tick[]>();
  for (const tick of ticks) {
    const list = split.get(tick.instrument) ?? [];
    list.push(tick);
    split.set(tick.instrument, list);
  }
  return split;
}

function lastIds(ticks: readonly Tick[]): Map<InstrumentId, number> {
  const last = new Map<InstrumentId, number>();
  for (const tick of ticks) last.set(tick.instrument, tick.id);
  return last;
}

/** Names the first place where an instrument's ticks are out of order, or null. */
function orderViolation(ticks: readonly Tick[]): string | null {
  for (const [instrument, list] of byInstrument(ticks)) {
    for (let i = 1; i < list.length; i++) {
      const [before, after] = [list[i - 1], list[i]];
      if (!(after.id > before.id)) return `${instrument}: id ${after.id} after ${before.id}`;
      if (!(after.ts >= before.ts))
        return `${instrument}: ts ${after.ts} after ${before.ts} (ids ${before.id}, ${after.id})`;
    }
  }
  return null;
}

/** Names the first hole in an instrument's ids, or null. */
function holeIn(ticks: readonly Tick[]): string | null {
  for (const [instrument, list] of byInstrument(ticks)) {
    for (let i = 1; i < list.length; i++) {
      if (list[i].id !== list[i - 1].id + 1) return `${instrument}: id ${list[i].id} after ${list[i - 1].id}`;
    }
  }
  return null;
}

export function runTickSourceContract(subject: TickSourceContractSubject): void {
  const count = subject.ticksPerRun ?? 200;

  describe(`${subject.name} honours the tick-source contract`, () => {
    let fixture: TickSourceFixture | undefined;
    let sources: TickSource[] = [];

    afterEach(async () => {
      for (const source of sources) await source.stop();
      await fixture?.close();
      fixture = undefined;
      sources = [];
    });

    async function setUp(): Promise<TickSourceFixture> {
      fixture = await subject.fixture();
      return fixture;
    }

    function create(feed: TickSourceFixture, resumeFrom?: ReadonlyMap<InstrumentId, number>): TickSource {
      const source = feed.create(resumeFrom);
      sources.push(source);
      return source;
    }

    it('delivers each instrument’s ticks in trade-id order with non-decreasing ts, none twice', async () => {
      const feed = await setUp();
      const { ticks } = await runUntil(create(feed), feed, count);
      expect(orderViolation(ticks)).toBeNull();
      const keys = ticks.map((t) => `${t.instrument}#${t.id}`);
      expect(new Set(keys).size).toBe(keys.length);
      if (subject.contiguousIds) expect(holeIn(ticks)).toBeNull();
    });

    it('ends the stream once stop() resolves, however often and concurrently it is called', async () => {
      const feed = await setUp();
      const source = create(feed);
      const { ticks } = await runUntil(source, feed, count, false);
      const first = source.stop();
      await source.stop(); // a second call must not resolve before the stream has ended
      const delivered = ticks.length;
      await first;
      for (let i = 0; i < 5; i++) {
        await feed.trade();
        await pause(20);
      }
      await source.stop();
      expect(ticks.length).toBe(delivered);
    });

    it('resumes after a stop from the last delivered id, repeating and losing nothing', async () => {
      const feed = await setUp();
      const first = await runUntil(create(feed), feed, count);
      await feed.trade(); // trades while no source runs: the next one must still deliver them
      const resumeFrom = lastIds(first.ticks);
      const second = await runUntil(create(feed, resumeFrom), feed, count);
      for (const [instrument, id] of resumeFrom) {
        const resumed = second.ticks.filter((t) => t.instrument === instrument);
        if (resumed.length > 0) expect(resumed[0].id, instrument).toBeGreaterThan(id);
      }
      const all = [...first.ticks, ...second.ticks];
      expect(orderViolation(all)).toBeNull();
      if (subject.contiguousIds) expect(holeIn(all)).toBeNull();
    });
  });
}
