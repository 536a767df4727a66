// The session report of the usual ranges served from the SessionKeeper's cache (issue 18, item 3):
// a real month of klines imported into a fresh store, then GET /sessions/report?last=all answers
// the reference report with an ETag, 304 to If-None-Match, and a new tag once a late trade changed
// a session; /sessions reads the stored rows and still equals the reference.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionReport } from '../../src/analytics/sessions/index.js';
import { importOhlcvCsv } from '../../src/import/ohlcv-csv-import.js';
import { type GoldenCase, goldenDir, loadGolden } from '../golden/golden.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type SessionsCase = GoldenCase<
  Record<string, unknown>,
  { csv?: string },
  { sessions: Array<{ date: string }>; report: SessionReport }
>;

const INSTRUMENT = 'binance-futures:AVAXUSDT';
const MARCH_15 = Date.UTC(2023, 2, 15);
const golden = loadGolden<SessionsCase>('sessions.json').cases.find((c) => c.id === 'avaxusdt-utc-ib60');
const REPORT = `/api/v1/sessions/report?instrument=${INSTRUMENT}&profile=utc`;

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

describe('session reports from the cache', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ venue: 'binance-futures', sessions: { clock: () => MARCH_15 } });
    if (!golden?.input.csv) throw new Error('sessions.json has no avaxusdt-utc-ib60 case');
    await importOhlcvCsv(app.store, createReadStream(resolve(goldenDir(), '..', golden.input.csv)), {
      instrument: INSTRUMENT,
      timeframe: '1m',
      map: { time: 'open_time', trades: 'count' },
      timeFormat: 'epoch-ms',
    });
    await app.ctx.sessions?.start();
    await app.ctx.sessions?.idle();
  }, 120_000);
  afterAll(() => app.close());

  it('answers last=all with the reference report and an ETag, and 304 when the tag matches', async () => {
    const first = await app.get(`${REPORT}&last=all`);
    expect(first.status).toBe(200);
    expect(rounded(first.body.report)).toEqual(rounded(golden?.expected.report));
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"sessions-v1-/);
    const again = await app.app.inject({ url: `${REPORT}&last=all`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const lastWeek = await app.get(`${REPORT}&last=30&weekday=1`);
    expect(lastWeek.body.report.all.n).toBe(golden?.expected.report.byWeekday['1'].n);
  });

  it('refuses last together with from, naming last', async () => {
    const { status, body } = await app.get(`${REPORT}&last=90&from=2023-02-01`);
    expect(status).toBe(400);
    expect(body.error.details.field).toBe('last');
  });

  it('serves /sessions from the stored rows, equal to the reference', async () => {
    const { body } = await app.get(
      `/api/v1/sessions?instrument=${INSTRUMENT}&profile=utc&from=2023-01-31&to=2023-03-01`,
    );
    expect(body.sessions.map((s: { date: string }) => s.date)).toEqual(golden?.expected.sessions.map((s) => s.date));
    expect(rounded(body.report)).toEqual(rounded(golden?.expected.report));
  });

  it('gives a new ETag and the changed report once a late trade amended a bar of one session', async () => {
    const before = await app.get(`${REPORT}&last=all`);
    const [bar] = await app.store.readBars({
      instrument: INSTRUMENT,
      timeframe: '1m',
      from: Date.UTC(2023, 1, 20, 12),
      limit: 1,
    });
    const amended = { ...bar, high: bar.high * 1.5 };
    app.store.upsertBars([amended]);
    await app.store.flush();
    app.bus.publish('bar', { bar: amended, closed: true, amended: true });
    await app.ctx.sessions?.idle();
    const after = await app.get(`${REPORT}&last=all`);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.body.report.all.n).toBe(28);
    expect(after.body.report).not.toEqual(before.body.report);
    const health = await app.get('/api/v1/health');
    expect(health.body.sessions).toMatchObject({ state: 'idle', jobs: 0, lastError: null });
    expect(health.body.sessions.recomputedSessions).toBeGreaterThanOrEqual(3);
  });
});
