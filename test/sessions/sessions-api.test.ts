// GET /sessions, /sessions/report and /sessions/profiles on a store holding a real month of
// Binance USD-M 1m klines, loaded through the OHLCV CSV import: the answers equal the reference
// report of sessions.json for the built-in profiles whose definitions that file's cases use.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOhlcvCsv } from '../../src/import/ohlcv-csv-import.js';
import type { SessionReport } from '../../src/analytics/sessions/index.js';
import { type GoldenCase, goldenDir, loadGolden } from '../golden/golden.js';
import { readKlineCsv } from '../golden/kline-csv.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type SessionsCase = GoldenCase<
  Record<string, unknown>,
  { csv?: string },
  { sessions: Array<{ date: string }>; skipped: unknown[]; report: SessionReport }
>;

const INSTRUMENT = 'binance-futures:AVAXUSDT';
const cases = new Map(loadGolden<SessionsCase>('sessions.json').cases.map((c) => [c.id, c]));
const FEBRUARY = '&from=2023-01-31&to=2023-03-01';

/** The report with every float rounded to 12 significant digits, so toEqual compares within rtol ~1e-12. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

describe('session statistics API', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ venue: 'binance-futures' });
    const csv = cases.get('avaxusdt-utc-ib60')?.input.csv;
    if (!csv) throw new Error('sessions.json has no avaxusdt-utc-ib60 case');
    // Through the product's own CSV import, as a user would load the month.
    await importOhlcvCsv(app.store, createReadStream(resolve(goldenDir(), '..', csv)), {
      instrument: INSTRUMENT,
      timeframe: '1m',
      map: { time: 'open_time', trades: 'count' },
      timeFormat: 'epoch-ms',
    });
  });
  afterAll(() => app.close());

  it('lists the built-in profiles', async () => {
    const { status, body } = await app.get('/api/v1/sessions/profiles');
    expect(status).toBe(200);
    expect(body.map((p: { name: string }) => p.name)).toEqual(['utc', 'ny', 'london']);
  });

  it.each([
    ['utc', 'avaxusdt-utc-ib60'],
    ['ny', 'avaxusdt-ny0930-ib30'],
  ])('profile %s gives the reference rows, skipped sessions and report (%s)', async (profile, id) => {
    const expected = cases.get(id)?.expected;
    const { status, body } = await app.get(`/api/v1/sessions?instrument=AVAXUSDT&profile=${profile}${FEBRUARY}`);
    expect(status).toBe(200);
    expect(body.instrument).toBe(INSTRUMENT);
    expect(body.definitionsVersion).toBe(1);
    expect(body.provisional).toBeNull();
    expect(body.sessions.map((s: { date: string }) => s.date)).toEqual(expected?.sessions.map((s) => s.date));
    expect(body.skipped).toEqual(expected?.skipped);
    expect(rounded(body.report)).toEqual(rounded(expected?.report));
  });

  it('answers the report alone, for chosen weekdays', async () => {
    const all = await app.get(`/api/v1/sessions/report?instrument=${INSTRUMENT}&profile=utc${FEBRUARY}`);
    expect(rounded(all.body.report)).toEqual(rounded(cases.get('avaxusdt-utc-ib60')?.expected.report));
    const mondays = await app.get(`/api/v1/sessions/report?instrument=${INSTRUMENT}&profile=utc&weekday=1${FEBRUARY}`);
    expect(mondays.body.weekdays).toEqual([1]);
    expect(mondays.body.report.all.n).toBe(4);
    expect(Object.keys(mondays.body.report.byWeekday)).toEqual(['1']);
  });

  it('downloads the rows as CSV', async () => {
    const { status, body, headers } = await app.get(
      `/api/v1/sessions?instrument=${INSTRUMENT}&profile=utc&format=csv${FEBRUARY}`,
    );
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/text\/csv/);
    const lines = (body as string).trim().split('\n');
    expect(lines[0]).toMatch(/^date,weekday,start,end,coverage,open,high,low,close,ibHigh/);
    expect(lines).toHaveLength(29);
    expect(lines[1]).toMatch(/^2023-02-01,3,1675209600000,/);
  });

  it.each([
    ['profile=mars', 'profile', /profile must be one of utc, ny, london/],
    ['profile=utc&from=2023-03-01&to=2023-02-01', 'from', /must be before/],
    ['profile=utc&from=2019-01-01&to=2023-03-01', 'from', /more than 1100 days/],
    ['profile=utc&weekday=8', 'weekday', /weekday/],
  ])('refuses %s with a 400 naming %s', async (query, field, message) => {
    const path = query.includes('weekday') ? '/api/v1/sessions/report' : '/api/v1/sessions';
    const { status, body } = await app.get(`${path}?instrument=${INSTRUMENT}&${query}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body.error.details)).toContain(field);
    expect(body.error.message).toMatch(message);
  });

  it('creates, uses, replaces and deletes a profile over the API, and refuses to touch a built-in one', async () => {
    const tokyo = { name: 'tokyo', ...cases.get('avaxusdt-tokyo0900-ib120')?.params };
    const created = await app.request('POST', '/api/v1/sessions/profiles', tokyo);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'tokyo', tz: 'Asia/Tokyo', extensionLevels: [0.25, 1, 2] });
    const { body } = await app.get(`/api/v1/sessions?instrument=${INSTRUMENT}&profile=tokyo${FEBRUARY}`);
    expect(rounded(body.report)).toEqual(rounded(cases.get('avaxusdt-tokyo0900-ib120')?.expected.report));
    expect(await app.store.getSetting('sessions.profiles')).toHaveLength(1);

    const badZone = await app.request('POST', '/api/v1/sessions/profiles', { ...tokyo, tz: 'Asia/Atlantis' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.details).toMatchObject({ field: 'tz', value: 'Asia/Atlantis' });
    const builtIn = await app.request('POST', '/api/v1/sessions/profiles', { ...tokyo, name: 'utc' });
    expect(builtIn.status).toBe(409);
    expect((await app.request('DELETE', '/api/v1/sessions/profiles/ny')).status).toBe(409);

    expect((await app.request('DELETE', '/api/v1/sessions/profiles/tokyo')).status).toBe(200);
    expect((await app.request('DELETE', '/api/v1/sessions/profiles/tokyo')).status).toBe(404);
    const gone = await app.get(`/api/v1/sessions?instrument=${INSTRUMENT}&profile=tokyo`);
    expect(gone.status).toBe(400);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await app.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/sessions', '/api/v1/sessions/report', '/api/v1/sessions/profiles']),
    );
  });

  it('answers 404 for an instrument it has never seen', async () => {
    const { status } = await app.get('/api/v1/sessions?instrument=binance-futures:NOPEUSDT&profile=utc');
    expect(status).toBe(404);
  });

  it('serves the session still open as provisional, outside the rows and the report', async () => {
    const now = Date.now();
    // Today's UTC session from its first minute to the current one: the IB has begun.
    const sessionStart = Math.floor(now / 86_400_000) * 86_400_000;
    const minutes = Math.floor((now - sessionStart) / 60_000) + 1;
    const bars = readKlineCsv(cases.get('avaxusdt-utc-ib60')?.input.csv ?? '', 'binance-futures:LIVEUSDT')
      .slice(0, minutes)
      .map((bar, i) => ({ ...bar, start: sessionStart + i * 60_000 }));
    app.store.upsertBars(bars);
    await app.store.flush();
    const { status, body } = await app.get('/api/v1/sessions?instrument=binance-futures:LIVEUSDT&profile=utc');
    expect(status).toBe(200);
    expect(body.provisional).not.toBeNull();
    expect(body.provisional).toMatchObject({ start: sessionStart, ibBars: Math.min(minutes, 60) });
    expect(body.provisional.end).toBeGreaterThan(now);
    expect(body.report.all.n).toBe(0);
  });
});
