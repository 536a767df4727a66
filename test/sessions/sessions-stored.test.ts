// Stored session rows kept current (issue 18, items 2 and 3): a real month of klines imported into a
// fresh store gives the reference report from the cache; a late trade that amends one stored bar
// recomputes that session only and the report follows; a bumped definitions version recomputes
// every stored row at the next start.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSessionReport,
  computeSessionRows,
  type SessionReport,
  SessionKeeper,
  SessionProfiles,
} from '../../src/analytics/sessions/index.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { importOhlcvCsv } from '../../src/import/ohlcv-csv-import.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { type GoldenCase, goldenDir, loadGolden } from '../golden/golden.js';

type SessionsCase = GoldenCase<Record<string, unknown>, { csv?: string }, { report: SessionReport }>;

const INSTRUMENT = 'binance-futures:AVAXUSDT';
const MARCH_15 = Date.UTC(2023, 2, 15);
const FEB_10 = Date.UTC(2023, 1, 10);
const golden = loadGolden<SessionsCase>('sessions.json').cases.find((c) => c.id === 'avaxusdt-utc-ib60');

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

describe('stored session rows', () => {
  const store = new DuckDbStore({ path: ':memory:' });
  const bus = new MemoryBus();
  const profiles = new SessionProfiles();
  let keeper: SessionKeeper;

  beforeAll(async () => {
    await store.open();
    if (!golden?.input.csv) throw new Error('sessions.json has no avaxusdt-utc-ib60 case');
    await importOhlcvCsv(store, createReadStream(resolve(goldenDir(), '..', golden.input.csv)), {
      instrument: INSTRUMENT,
      timeframe: '1m',
      map: { time: 'open_time', trades: 'count' },
      timeFormat: 'epoch-ms',
    });
    keeper = new SessionKeeper({ store, profiles, feed: bus, clock: () => MARCH_15 });
    await keeper.start();
    await keeper.idle();
  }, 120_000);
  afterAll(async () => {
    await keeper.stop();
    await store.close();
  });

  it('stores every session of the imported month and serves the reference report from the cache', async () => {
    expect(keeper.isCurrent(INSTRUMENT, 'utc')).toBe(true);
    const stored = await store.readSessionRows({ instrument: INSTRUMENT, profile: 'utc' });
    expect(stored.filter((s) => s.row !== null)).toHaveLength(28);
    expect(stored.every((s) => s.definitionsVersion === keeper.definitionsVersion)).toBe(true);
    const cached = keeper.cache.get(INSTRUMENT, 'utc', 'all');
    expect(rounded(cached?.report)).toEqual(rounded(golden?.expected.report));
    expect(keeper.cache.get(INSTRUMENT, 'utc', '30')?.etag).toMatch(/^".+"$/);
  });

  it('recomputes only the session of a bar amended by a late trade, and the report follows', async () => {
    const before = keeper.progress().recomputedSessions;
    const etag = keeper.cache.get(INSTRUMENT, 'utc', 'all')?.etag;
    const [bar] = await store.readBars({
      instrument: INSTRUMENT,
      timeframe: '1m',
      from: FEB_10 + 600 * 60_000,
      limit: 1,
    });
    const amended = { ...bar, high: bar.high * 1.2 };
    store.upsertBars([amended]);
    await store.flush();
    bus.publish('bar', { bar: amended, closed: true, amended: true });
    await keeper.idle();
    // One session per profile: the bar is in one session of each of utc, ny and london.
    expect(keeper.progress().recomputedSessions - before).toBe(profiles.list().length);
    const bars = await store.readBars({ instrument: INSTRUMENT, timeframe: '1m', from: 0, to: MARCH_15 });
    const expected = buildSessionReport(computeSessionRows(bars, profiles.get('utc')!).sessions, [0.5, 1, 1.5, 2, 3]);
    const cached = keeper.cache.get(INSTRUMENT, 'utc', 'all');
    expect(cached?.report).toEqual(expected);
    expect(cached?.report).not.toEqual(golden?.expected.report);
    expect(cached?.etag).not.toBe(etag);
  });

  it('finds a bar changed behind its back (backfill, import) when told, and recomputes that session', async () => {
    const before = keeper.progress().recomputedSessions;
    const [bar] = await store.readBars({
      instrument: INSTRUMENT,
      timeframe: '1m',
      from: FEB_10 + 86_400_000,
      limit: 1,
    });
    store.upsertBars([{ ...bar, low: bar.low * 0.5 }]);
    await store.flush();
    keeper.barsChanged(INSTRUMENT);
    await keeper.idle();
    expect(keeper.progress().recomputedSessions - before).toBe(profiles.list().length);
  });

  it('recomputes every stored row of an older definitions version at the next start', async () => {
    const stored = await store.readSessionRows({ instrument: INSTRUMENT, profile: 'utc' });
    const next = new SessionKeeper({ store, profiles, clock: () => MARCH_15, definitionsVersion: 99 });
    await next.start();
    await next.idle();
    await next.stop();
    // Every profile's rows are of version 1: all of them again, each session once.
    const all = (await store.sessionRowSummary()).reduce((sum, s) => sum + s.sessions, 0);
    expect(next.progress().recomputedSessions).toBe(all);
    const after = await store.readSessionRows({ instrument: INSTRUMENT, profile: 'utc' });
    expect(after.map((s) => s.start)).toEqual(stored.map((s) => s.start));
    expect(after.every((s) => s.definitionsVersion === 99)).toBe(true);
  });
});
