// BTCUSDT/ETHUSDT on 1s bars from a real Binance capture replayed into a temporary DuckDB:
// GET /api/v1/pairs/analytics equals (1) a plain computation of the definitions written out
// here, and (2) pandas/statsmodels (skipped, saying so, when /usr/bin/python3 lacks them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFiles } from '../../src/cli/commands/replay.js';
import type { Bar } from '../../src/domain/index.js';
import { engleGranger } from '../../src/stats/cointegration/index.js';
import { adf } from '../../src/stats/unitroot/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const dataDir = resolve(process.env.SHARED_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/data'));
const files = ['btcusdt_20240808.gz', 'btcusdt_20240809.gz', 'ethusdt_20240808.gz', 'ethusdt_20240809.gz'].map((f) =>
  join(dataDir, 'binance/hftbacktest/spot', f),
);
const PYTHON = process.env.TICKSCOPE_TEST_PYTHON ?? '/usr/bin/python3';
const pythonScript = join(import.meta.dirname, 'python', 'pair_reference.py');
const pythonCheck = spawnSync(PYTHON, ['-c', 'import pandas, statsmodels'], { encoding: 'utf8' });
const pythonMissing =
  pythonCheck.status === 0
    ? null
    : `${PYTHON} with pandas and statsmodels is not available ` +
      `(${(pythonCheck.error?.message ?? pythonCheck.stderr).trim()})`;

const CONFIGS = [
  { lookback: 500, window: 60, price: 'raw' as const },
  { lookback: 120, window: 30, price: 'log' as const },
];

const dir = mkdtempSync(join(tmpdir(), 'tickscope-capture-pair-'));
let t: TestApp<'analytics'>;
let legs: { x: Bar[]; y: Bar[] };

beforeAll(async () => {
  const db = join(dir, 'capture.duckdb');
  await replayFiles(files, { venue: 'binance', speed: 'max', db, progress: false });
  t = await createTestApp({ engines: 'analytics', path: db });
  legs = {
    x: await t.store.readBars({ instrument: 'binance:BTCUSDT', timeframe: '1s', limit: 100_000 }),
    y: await t.store.readBars({ instrument: 'binance:ETHUSDT', timeframe: '1s', limit: 100_000 }),
  };
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Config {
  lookback: number;
  window: number;
  price: 'raw' | 'log';
}

async function apiSeries(c: Config) {
  const { status, body } = await t.get(
    '/api/v1/pairs/analytics?x=binance:BTCUSDT&y=binance:ETHUSDT&timeframe=1s' +
      `&lookback=${c.lookback}&window=${c.window}&price=${c.price}&limit=100000`,
  );
  expect(status).toBe(200);
  return body;
}

/** The definitions of issue #5, computed plainly: forward-filled union of bucket starts, OLS by
 * normal equations on each window, then the z-score and the return correlation. */
function plainReference(c: Config) {
  const x = new Map(legs.x.map((b) => [b.start, b.close]));
  const y = new Map(legs.y.map((b) => [b.start, b.close]));
  const starts = [...new Set([...x.keys(), ...y.keys()])].sort((a, b) => a - b);
  const rows: Array<{ start: number; x: number; y: number; carriedX: boolean; carriedY: boolean }> = [];
  let lastX: number | undefined;
  let lastY: number | undefined;
  for (const start of starts) {
    lastX = x.get(start) ?? lastX;
    lastY = y.get(start) ?? lastY;
    if (lastX !== undefined && lastY !== undefined)
      rows.push({ start, x: lastX, y: lastY, carriedX: !x.has(start), carriedY: !y.has(start) });
  }
  const f = c.price === 'log' ? Math.log : (v: number) => v;
  const X = rows.map((r) => f(r.x));
  const Y = rows.map((r) => f(r.y));
  const beta: (number | null)[] = [];
  const spread: (number | null)[] = [];
  for (let t = 0; t < rows.length; t++) {
    if (t + 1 < c.lookback) {
      beta.push(null);
      spread.push(null);
      continue;
    }
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (let i = t + 1 - c.lookback; i <= t; i++) {
      sx += X[i];
      sy += Y[i];
    }
    const mx = sx / c.lookback;
    const my = sy / c.lookback;
    for (let i = t + 1 - c.lookback; i <= t; i++) {
      sxx += (X[i] - mx) ** 2;
      sxy += (X[i] - mx) * (Y[i] - my);
    }
    beta.push(sxy / sxx);
    spread.push(Y[t] - (sxy / sxx) * X[t]);
  }
  const zscore = spread.map((s, t) => {
    const w = spread.slice(Math.max(0, t + 1 - c.window), t + 1);
    if (w.length < c.window || w.some((v) => v === null)) return null;
    const m = (w as number[]).reduce((a, v) => a + v, 0) / c.window;
    const sd = Math.sqrt((w as number[]).reduce((a, v) => a + (v - m) ** 2, 0) / (c.window - 1));
    return (s! - m) / sd;
  });
  const correlation = rows.map((_, t) => {
    if (t < c.window) return null;
    const rx: number[] = [];
    const ry: number[] = [];
    for (let i = t + 1 - c.window; i <= t; i++) {
      rx.push(rows[i].x / rows[i - 1].x - 1);
      ry.push(rows[i].y / rows[i - 1].y - 1);
    }
    const ma = rx.reduce((a, v) => a + v, 0) / c.window;
    const mb = ry.reduce((a, v) => a + v, 0) / c.window;
    let ab = 0,
      aa = 0,
      bb = 0;
    for (let i = 0; i < c.window; i++) {
      ab += (rx[i] - ma) * (ry[i] - mb);
      aa += (rx[i] - ma) ** 2;
      bb += (ry[i] - mb) ** 2;
    }
    return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : null;
  });
  return { rows, X, Y, beta, spread, zscore, correlation };
}

type Series = Record<'hedgeRatio' | 'spread' | 'zscore' | 'correlation', (number | null)[]>;

/** Worst relative difference per field; null patterns must match exactly. */
function compare(api: Array<Record<string, number | null>>, want: Series) {
  const worst: Record<string, number> = {};
  for (const key of Object.keys(want) as Array<keyof Series>) {
    worst[key] = 0;
    api.forEach((p, i) => {
      const got = p[key];
      const exp = want[key][i];
      expect(got === null, `${key}[${i}] null pattern`).toBe(exp === null);
      if (got !== null && exp !== null)
        worst[key] = Math.max(worst[key], Math.abs(got - exp) / Math.max(Math.abs(exp), 1e-300));
    });
  }
  return worst;
}

describe('pair analytics on a replayed Binance capture (BTCUSDT/ETHUSDT, 1s)', () => {
  for (const c of CONFIGS) {
    it(`equals the plain definitions (lookback ${c.lookback}, window ${c.window}, price ${c.price})`, async () => {
      const body = await apiSeries(c);
      const ref = plainReference(c);
      expect(body.series.map((p: { start: number }) => p.start)).toEqual(ref.rows.map((r) => r.start));
      expect(body.series.map((p: { carriedX: boolean; carriedY: boolean }) => [p.carriedX, p.carriedY])).toEqual(
        ref.rows.map((r) => [r.carriedX, r.carriedY]),
      );
      expect(body.carried.x).toBeGreaterThan(0);
      expect(body.series.filter((p: { zscore: number | null }) => p.zscore !== null).length).toBeGreaterThan(50);
      const worst = compare(body.series, {
        hedgeRatio: ref.beta,
        spread: ref.spread,
        zscore: ref.zscore,
        correlation: ref.correlation,
      });
      for (const [key, value] of Object.entries(worst)) expect(value, key).toBeLessThan(1e-8);

      const n = ref.rows.length;
      const xs = ref.X.slice(n - c.lookback);
      const ys = ref.Y.slice(n - c.lookback);
      const resid = ys.map((v, i) => v - ref.beta[n - 1]! * xs[i]);
      expect(Math.abs(body.latest.adf.pValue - adf(resid, { regression: 'c', autolag: 'AIC' }).pvalue)).toBeLessThan(
        1e-6,
      );
      expect(Math.abs(body.latest.engleGranger.pValue - engleGranger(ys, xs).pvalue)).toBeLessThan(1e-6);
    });

    it.skipIf(pythonMissing !== null)(
      `equals pandas/statsmodels on the same stored bars (lookback ${c.lookback}, window ${c.window}, ` +
        `price ${c.price}; skipped without python3+statsmodels)`,
      async () => {
        const body = await apiSeries(c);
        const input = join(dir, `input-${c.lookback}.json`);
        writeFileSync(
          input,
          JSON.stringify({ ...c, x: legs.x.map((b) => [b.start, b.close]), y: legs.y.map((b) => [b.start, b.close]) }),
        );
        const run = spawnSync(PYTHON, [pythonScript, input], {
          encoding: 'utf8',
          timeout: 120_000,
          maxBuffer: 64 << 20,
        });
        expect(run.status, run.stderr).toBe(0);
        const ref = JSON.parse(run.stdout);
        expect(body.series.map((p: { start: number }) => p.start)).toEqual(ref.start);
        expect(body.series.map((p: { carriedY: boolean }) => p.carriedY)).toEqual(ref.carriedY);
        const worst = compare(body.series, {
          hedgeRatio: ref.hedgeRatio,
          spread: ref.spread,
          zscore: ref.zscore,
          correlation: ref.correlation,
        });
        for (const [key, value] of Object.entries(worst)) {
          expect(value, `worst relative error of ${key} vs pandas/statsmodels`).toBeLessThan(1e-8);
        }
        expect(Math.abs(body.latest.adf.pValue - ref.latest.adf.pValue)).toBeLessThan(1e-6);
        expect(body.latest.adf.usedLag).toBe(ref.latest.adf.usedLag);
        expect(Math.abs(body.latest.adf.stat - ref.latest.adf.stat)).toBeLessThan(1e-6 * Math.abs(ref.latest.adf.stat));
        expect(Math.abs(body.latest.engleGranger.pValue - ref.latest.engleGranger.pValue)).toBeLessThan(1e-6);
        expect(Math.abs(body.latest.halfLife - ref.latest.halfLife)).toBeLessThan(1e-6 * Math.abs(ref.latest.halfLife));
      },
    );
  }
});
