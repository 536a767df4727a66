// The analytics REST API: validation errors, runtime pair configuration and its persistence,
// symbol analytics with the open bar, correlation, scan, regression and the CSV/Parquet exports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engleGranger } from '../../src/stats/cointegration/index.js';
import { halfLife } from '../../src/stats/meanreversion/index.js';
import { adf } from '../../src/stats/unitroot/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectNearlyEqual, simTicks, T0 } from './sim-fixtures.js';

type App = TestApp<'analytics'>;
let t: App;
/** Seconds (from T0) in which sim:BBB does not trade, so that the pair carries its close there. */
const BBB_SILENT_SECONDS = new Set([600, 601, 602, 650]);
const TICKS = simTicks(700, 20).filter(
  (t) => !(t.instrument === 'sim:BBB' && BBB_SILENT_SECONDS.has(Math.floor((t.ts - T0) / 1000))),
);
interface PairPointJson {
  start: number;
  x: number;
  y: number;
  carriedX: boolean;
  carriedY: boolean;
  hedgeRatio: number;
}

beforeAll(async () => {
  t = await createTestApp({ engines: 'analytics' });
  t.pipeline.ingest(TICKS);
  await t.settle();
  // An open bar after the stored history.
  t.pipeline.ingest([
    { instrument: 'sim:AAA', id: 99_000_000, ts: T0 + 800_000, price: 101, qty: 1, buyerMaker: false },
  ]);
});
afterAll(async () => {
  await t.close();
});

const PAIR = '/api/v1/pairs/analytics?x=sim:AAA&y=sim:BBB&timeframe=1s';

describe('validation errors name the field and what is allowed', () => {
  const cases: Array<[string, string, string, unknown?]> = [
    ['unknown hedge', `${PAIR}&hedge=lasso`, 'hedge', ['ols', 'kalman', 'theil-sen']],
    ['unknown price mode', `${PAIR}&price=ln`, 'price', ['raw', 'log']],
    [
      'unknown timeframe',
      '/api/v1/pairs/analytics?x=AAA&y=BBB&timeframe=7m',
      'timeframe',
      ['1s', '1m', '5m', '15m', '1h', '4h', '1d'],
    ],
    ['window below 2', `${PAIR}&window=1`, 'window'],
    ['lookback not an integer', `${PAIR}&lookback=abc`, 'lookback'],
    ['exit not below entry', `${PAIR}&entry=1&exit=1.5`, 'exit', 'a number >= 0 and below entry (1)'],
    [
      'the same instrument twice',
      '/api/v1/pairs/analytics?x=sim:AAA&y=AAA&timeframe=1s',
      'y',
      'an instrument other than x',
    ],
    ['an unknown venue', '/api/v1/pairs/analytics?x=nasdaq:AAPL&y=AAA&timeframe=1s', 'x'],
    ['from after to', `${PAIR}&from=${T0 + 10_000}&to=${T0}`, 'from'],
    ['a long Theil-Sen series', `${PAIR}&hedge=theil-sen&limit=5000`, 'limit'],
    ['Theil-Sen with a huge lookback', `${PAIR}&hedge=theil-sen&lookback=5000`, 'lookback'],
    ['unknown export format', `${PAIR}&format=xlsx`, 'format', ['json', 'csv', 'parquet']],
    ['a missing instrument', '/api/v1/analytics?timeframe=1s', 'instrument'],
    ['one instrument for a correlation', '/api/v1/correlation?instruments=AAA&timeframe=1s', 'instruments'],
    [
      'an unknown scan sort',
      '/api/v1/scan?instruments=AAA,BBB&timeframe=1s&sort=alpha',
      'sort',
      ['pValue', 'halfLife', 'correlation'],
    ],
  ];
  for (const [name, url, field, allowed] of cases) {
    it(`rejects ${name}`, async () => {
      const { status, body } = await t.get(url);
      expect(status).toBe(400);
      expect(body.error.code).toBe('bad_request');
      const details = Array.isArray(body.error.details) ? body.error.details[0] : body.error.details;
      expect(details.field).toBe(field);
      if (allowed !== undefined) expect(details.allowed).toEqual(allowed);
    });
  }

  it('answers a lookback longer than the stored history for the regression and the scan with 422', async () => {
    const regression = await t.get('/api/v1/pairs/regression?x=AAA&y=BBB&timeframe=1s&lookback=5000');
    expect(regression.status).toBe(422);
    expect(regression.body.error).toMatchObject({
      code: 'not_enough_data',
      details: { field: 'lookback', need: 5000 },
    });
    const scan = await t.get('/api/v1/scan?instruments=AAA,BBB,CCC&timeframe=1s&lookback=5000');
    expect(scan.status).toBe(422);
    expect(scan.body.error).toMatchObject({ code: 'not_enough_data', details: { field: 'lookback', need: 5000 } });
  });
});

describe('pair analytics recomputed from stored bars', () => {
  it('returns the series, the carried counts and the tests on the latest point', async () => {
    const { status, body } = await t.get(`${PAIR}&lookback=100&window=30&limit=200`);
    expect(status).toBe(200);
    expect(body.live).toBe(false);
    expect(body.series).toHaveLength(200);
    expect(Object.keys(body.series[0])).toEqual([
      'start',
      'x',
      'y',
      'carriedX',
      'carriedY',
      'hedgeRatio',
      'intercept',
      'spread',
      'zscore',
      'correlation',
      'signal',
    ]);
    expect(body.series.every((p: { zscore: number | null }) => p.zscore !== null)).toBe(true);
    expect(body.latest.testsStart).toBe(body.latest.start);

    // A leg carries exactly in the seconds where it had no trade.
    const series = body.series as PairPointJson[];
    const tradedSeconds = (instrument: string) =>
      new Set(TICKS.filter((t) => t.instrument === instrument).map((t) => Math.floor(t.ts / 1000) * 1000));
    const [xSeconds, ySeconds] = [tradedSeconds('sim:AAA'), tradedSeconds('sim:BBB')];
    expect(series.map((p) => [p.carriedX, p.carriedY])).toEqual(
      series.map((p) => [!xSeconds.has(p.start), !ySeconds.has(p.start)]),
    );
    expect(body.carried).toEqual({ x: 0, y: BBB_SILENT_SECONDS.size });

    // The tests on the latest point are the library's on the last `lookback` closes and the latest β.
    const window = series.slice(-100);
    const x = Float64Array.from(window, (p) => p.x);
    const y = Float64Array.from(window, (p) => p.y);
    const spread = y.map((yi, i) => yi - window.at(-1)!.hedgeRatio * x[i]);
    const wantAdf = adf(spread, { regression: 'c', autolag: 'AIC' });
    const wantEg = engleGranger(y, x, { trend: 'c', autolag: 'AIC' });
    expectNearlyEqual(
      body.latest.adf,
      {
        stat: wantAdf.adfstat,
        pValue: wantAdf.pvalue,
        usedLag: wantAdf.usedlag,
        nobs: wantAdf.nobs,
        critical: wantAdf.critical,
      },
      1e-9,
    );
    expectNearlyEqual(
      body.latest.engleGranger,
      { stat: wantEg.tstat, pValue: wantEg.pvalue, critical: wantEg.critical },
      1e-9,
    );
    expectNearlyEqual(body.latest.halfLife, halfLife(spread).halflife, 1e-9);
    // B is built around A with a mean-reverting spread: a positive half-life (negative means none).
    expect(body.latest.halfLife).toBeGreaterThan(0);
  });

  it('pages with from/to and flags the open bars only when asked', async () => {
    const all = (await t.get(`${PAIR}&lookback=50&window=10&limit=100000`)).body.series;
    const from = all[300].start;
    const page = (await t.get(`${PAIR}&lookback=50&window=10&from=${from}&to=${all[320].start}`)).body;
    expectNearlyEqual(page.series, all.slice(300, 320));
    expect(page.provisional).toBeNull();
    const withOpen = (await t.get(`${PAIR}&lookback=50&window=10&includeOpen=true&limit=5`)).body;
    expect(withOpen.provisional).toMatchObject({ start: T0 + 800_000, x: 101, carriedX: false, carriedY: true });
  });

  it('exports the series as CSV and as Parquet', async () => {
    const csv = await t.get(`${PAIR}&lookback=50&window=10&limit=3&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="pair_sim_AAA_sim_BBB_1s.csv"');
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('start,x,y,carriedX,carriedY,hedgeRatio,intercept,spread,zscore,correlation,signal');
    expect(lines).toHaveLength(4);
    const parquet = await t.app.inject({ method: 'GET', url: `${PAIR}&limit=10&format=parquet` });
    expect(parquet.statusCode).toBe(200);
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(parquet.headers['content-disposition']).toContain('.parquet');
    expect(parquet.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
  });

  it('compares OLS and Theil-Sen hedge ratios with confidence intervals', async () => {
    const { status, body } = await t.get('/api/v1/pairs/regression?x=AAA&y=BBB&timeframe=1s&lookback=300');
    expect(status).toBe(200);
    expect(body.nobs).toBe(300);
    const [lo, hi] = body.ols.hedgeRatioCi;
    expect(lo).toBeLessThan(body.ols.hedgeRatio);
    expect(hi).toBeGreaterThan(body.ols.hedgeRatio);
    expect(body.theilSen.hedgeRatioCi[0]).toBeLessThanOrEqual(body.theilSen.hedgeRatio);
    expect(body.siegel.hedgeRatio).toEqual(expect.any(Number));
    expect(body.kalman.hedgeRatio).toEqual(expect.any(Number));
  });
});

describe('symbol analytics, correlation and scan', () => {
  it('serves the series, the live latest point and the open bar provisional values', async () => {
    const { status, body } = await t.get('/api/v1/analytics?instrument=AAA&timeframe=1s&limit=50');
    expect(status).toBe(200);
    expect(body.live).toBe(true);
    expect(body.series).toHaveLength(50);
    expectNearlyEqual(body.latest, body.series[49]);
    expect(body.provisional).toMatchObject({ start: T0 + 800_000, close: 101 });
    expect(body.series[49].rsi).toEqual(expect.any(Number));
    const csv = await t.get('/api/v1/analytics?instrument=AAA&timeframe=1s&limit=2&format=csv');
    expect((csv.body as string).split('\n')[0]).toBe(
      'start,open,high,low,close,volume,return,logReturn,volatility,yangZhang,zscore,volumeZscore,' +
        'macd,macdSignal,macdHistogram,rsi,bollingerMiddle,bollingerUpper,bollingerLower',
    );
  });

  it('returns a symmetric correlation matrix and lists instruments without bars on the timeframe', async () => {
    // sim:DDD has traded, but only within the open bar: known, without a stored bar.
    t.pipeline.ingest([{ instrument: 'sim:DDD', id: 1, ts: T0 + 800_000, price: 5, qty: 1, buyerMaker: false }]);
    const { status, body } = await t.get('/api/v1/correlation?instruments=AAA,BBB,CCC,sim:DDD&timeframe=1s&window=120');
    expect(status).toBe(200);
    expect(body.instruments).toEqual(['sim:AAA', 'sim:BBB', 'sim:CCC']);
    expect(body.missing).toEqual(['sim:DDD']);
    expect(body.nobs).toBe(120);
    expect(body.matrix[0][1]).toBe(body.matrix[1][0]);
    expect(body.matrix[1][1]).toBeCloseTo(1, 12);
  });

  it('ranks the cointegrated simulator pair first', async () => {
    const { status, body } = await t.get('/api/v1/scan?instruments=AAA,BBB,CCC&timeframe=1s&lookback=600');
    expect(status).toBe(200);
    expect(body.pairs).toHaveLength(3);
    expect(body.pairs[0]).toMatchObject({ rank: 1, x: 'sim:AAA', y: 'sim:BBB' });
    expect(body.pairs[0].pValue).toBeLessThan(body.pairs[1].pValue);
    const csv = await t.get('/api/v1/scan?instruments=AAA,BBB,CCC&timeframe=1s&lookback=600&format=csv');
    expect((csv.body as string).split('\n')[0]).toBe(
      'rank,x,y,pValue,stat,hedgeRatio,intercept,halfLife,correlation,error',
    );
  });
});

describe('runtime pair configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-pairs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists, conflicts, deletes, and restores the saved list at the next start', async () => {
    const path = join(dir, 'pairs.duckdb');
    const first = await createTestApp({ engines: 'analytics', path });
    try {
      first.pipeline.ingest(simTicks(10, 20));
      const post = (body: object) => first.app.inject({ method: 'POST', url: '/api/v1/pairs', payload: body });
      const created = await post({ x: 'AAA', y: 'sim:BBB', timeframe: '1s', window: 30, hedge: 'kalman' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        id: 'sim:AAA/sim:BBB:1s',
        channel: 'pair:sim:AAA/sim:BBB:1s',
        params: { window: 30, lookback: 500, hedge: 'kalman' },
      });
      expect((await post({ x: 'AAA', y: 'BBB', timeframe: '1s', window: 30, hedge: 'kalman' })).statusCode).toBe(200);
      const conflict = await post({ x: 'AAA', y: 'BBB', timeframe: '1s', window: 40 });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().error.code).toBe('conflict');
      expect((await post({ x: 'AAA', y: 'CCC', timeframe: '1m', lookback: 5 })).json().error.details[0].field).toBe(
        'lookback',
      );
      expect((await post({ x: 'AAA', y: 'CCC', timeframe: '1m', colour: 'red' })).statusCode).toBe(400);
      expect((await post({ x: 'AAA', y: 'CCC', timeframe: '1m' })).statusCode).toBe(201);
      const listed = await first.app.inject({ method: 'GET', url: '/api/v1/pairs' });
      expect(listed.json().map((p: { id: string }) => p.id)).toEqual(['sim:AAA/sim:BBB:1s', 'sim:AAA/sim:CCC:1m']);
      const removed = await first.app.inject({
        method: 'DELETE',
        url: `/api/v1/pairs/${encodeURIComponent('sim:AAA/sim:CCC:1m')}`,
      });
      expect(removed.statusCode).toBe(204);
      const missing = await first.app.inject({
        method: 'DELETE',
        url: `/api/v1/pairs/${encodeURIComponent('sim:AAA/sim:CCC:1m')}`,
      });
      expect(missing.statusCode).toBe(404);
    } finally {
      await first.close();
    }
    const second = await createTestApp({ engines: 'analytics', path });
    try {
      const listed = (await second.app.inject({ method: 'GET', url: '/api/v1/pairs' })).json();
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ id: 'sim:AAA/sim:BBB:1s', params: { window: 30, hedge: 'kalman' } });
    } finally {
      await second.close();
    }
  });

  it('answers 503 for live pairs without analytics, and still recomputes from stored bars', async () => {
    const bare = await createTestApp();
    try {
      // One trade per leg: both are known, neither has a closed bar yet.
      bare.pipeline.ingest(
        ['sim:AAA', 'sim:BBB'].map((instrument) => ({
          instrument,
          id: 1,
          ts: T0,
          price: 10,
          qty: 1,
          buyerMaker: false,
        })),
      );
      expect((await bare.app.inject({ method: 'GET', url: '/api/v1/pairs' })).statusCode).toBe(503);
      const recomputed = await bare.app.inject({
        method: 'GET',
        url: '/api/v1/pairs/analytics?x=AAA&y=BBB&timeframe=1s',
      });
      expect(recomputed.statusCode).toBe(200);
      expect(recomputed.json().series).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the analytics routes under their tags', async () => {
    const { status, body } = await t.get('/docs/json');
    expect(status).toBe(200);
    const tags = (path: string, method = 'get') => body.paths[path]?.[method]?.tags;
    expect(tags('/api/v1/analytics')).toEqual(['analytics']);
    expect(tags('/api/v1/pairs/analytics')).toEqual(['pairs']);
    expect(tags('/api/v1/pairs', 'post')).toEqual(['pairs']);
    expect(tags('/api/v1/pairs/{id}', 'delete')).toEqual(['pairs']);
    expect(tags('/api/v1/pairs/regression')).toEqual(['pairs']);
    expect(tags('/api/v1/correlation')).toEqual(['analytics']);
    expect(tags('/api/v1/scan')).toEqual(['analytics']);
    expect(body.tags.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['analytics', 'pairs']));
  });
});
