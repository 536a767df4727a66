// An imported instrument is a first-class one: with no live source (`start --source none`), kline
// months imported with `tickscope import` are listed, and serve bars, symbol analytics, pair
// analytics against each other (same month), the pair scanner and the correlation matrix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, parseImportFlags } from '../../src/cli/commands/import.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const dataDir = resolve(process.env.SHARED_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/data'));
const files = ['AVAXUSDT', 'LINKUSDT'].map((s) => join(dataDir, 'binance/isda-um-klines', `${s}-1m-2023-02.csv`));
const AVAX = 'binance-futures:AVAXUSDT';
const LINK = 'binance-futures:LINKUSDT';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-imported-api-'));
let app: TestApp;

beforeAll(async () => {
  const db = join(dir, 'imported.duckdb');
  await importFiles(files, { ...parseImportFlags({ db }), progress: false });
  app = await createTestApp({ path: db, venue: 'binance' });
}, 180_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an imported instrument without a live source', () => {
  it('is listed by /instruments', async () => {
    const res = await app.get('/api/v1/instruments');
    expect(res.status).toBe(200);
    const ids = res.body.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([AVAX, LINK]));
    expect(res.body.find((i: { id: string }) => i.id === AVAX)).toMatchObject({ live: false, storedTicks: 0 });
  });

  it('serves its bars and symbol analytics', async () => {
    const bars = await app.get(`/api/v1/bars?instrument=${AVAX}&timeframe=1d&limit=50`);
    expect(bars.status).toBe(200);
    expect(bars.body.map((b: { start: number }) => b.start)).toHaveLength(28);
    const analytics = await app.get(`/api/v1/analytics?instrument=${AVAX}&timeframe=1h&limit=100`);
    expect(analytics.status).toBe(200);
    expect(analytics.body.series).toHaveLength(100);
    expect(analytics.body.latest.zscore).toEqual(expect.any(Number));
  });

  it('pairs with another imported instrument over their common time, and scans and correlates', async () => {
    const pair = await app.get(`/api/v1/pairs/analytics?x=${AVAX}&y=${LINK}&timeframe=1h&limit=200`);
    expect(pair.status).toBe(200);
    expect(pair.body.series.length).toBe(200);
    const scan = await app.get(`/api/v1/scan?instruments=${AVAX},${LINK}&timeframe=1h&lookback=500`);
    expect(scan.status).toBe(200);
    expect(scan.body.pairs).toHaveLength(1);
    const correlation = await app.get(`/api/v1/correlation?instruments=${AVAX},${LINK}&timeframe=15m&window=500`);
    expect(correlation.status).toBe(200);
    expect(correlation.body.instruments).toEqual([AVAX, LINK]);
    expect(correlation.body.matrix[0][1]).toBeGreaterThan(0.3);
  });
});
