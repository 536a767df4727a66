// The reference USD-M 1m kline months (shared/data/binance/isda-um-klines) imported with
// `tickscope import`: 1m bars equal to the rows, every coarser timeframe equal to a resample of the
// rows computed here independently (pandas semantics: first, max, min, last, sums; empty buckets
// dropped), and a second import adds nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles, parseImportFlags } from '../../src/cli/commands/import.js';
import { TIMEFRAME_MS, type Timeframe } from '../../src/domain/index.js';
import { openStore } from '../../src/store/index.js';

const dataDir = resolve(process.env.SHARED_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/data'));
const klineDir = join(dataDir, 'binance/isda-um-klines');
const SYMBOLS = ['AVAXUSDT', 'LINKUSDT', 'NEARUSDT'];
const files = SYMBOLS.map((s) => join(klineDir, `${s}-1m-2023-02.csv`));

interface Row {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  q: number;
  n: number;
  tb: number;
}

function rowsOf(file: string): Row[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const f = line.split(',').map(Number);
    return { t: f[0], o: f[1], h: f[2], l: f[3], c: f[4], v: f[5], q: f[7], n: f[8], tb: f[9] };
  });
}

/**
 * pandas df.resample(freq, label='left', closed='left').agg(first, max, min, last, sum…) of the rows,
 * a zero-trade row included (it is a row of the frame); buckets with no row dropped.
 */
function resample(rows: Row[], sizeMs: number): Row[] {
  const out = new Map<number, Row>();
  for (const r of rows) {
    const t = Math.floor(r.t / sizeMs) * sizeMs;
    const b = out.get(t);
    if (b === undefined) out.set(t, { ...r, t });
    else {
      b.h = Math.max(b.h, r.h);
      b.l = Math.min(b.l, r.l);
      b.c = r.c;
      b.v += r.v;
      b.q += r.q;
      b.n += r.n;
      b.tb += r.tb;
    }
  }
  return [...out.values()];
}

const dir = mkdtempSync(join(tmpdir(), 'tickscope-kline-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import of USD-M 1m kline months', () => {
  const db = join(dir, 'klines.duckdb');

  it('stores the rows as 1m bars and their resample as 5m, 15m, 1h, 4h and 1d bars', { timeout: 180_000 }, async () => {
    const summary = await importFiles(files, { ...parseImportFlags({ db }), progress: false });
    expect(summary.files.map((f) => f.plan.instrument)).toEqual(SYMBOLS.map((s) => `binance-futures:${s}`));
    expect(summary.files.map((f) => f.plan.venueFrom)).toEqual(['columns', 'columns', 'columns']);
    expect(summary.files.map((f) => f.rows)).toEqual([40_320, 40_320, 40_320]);
    expect(summary.files.map((f) => f.emptyRows)).toEqual([0, 0, 1]);

    const store = await openStore({ path: db });
    try {
      for (const [i, symbol] of SYMBOLS.entries()) {
        const rows = rowsOf(files[i]);
        for (const timeframe of ['1m', '5m', '15m', '1h', '4h', '1d'] as Timeframe[]) {
          const expected = resample(rows, TIMEFRAME_MS[timeframe]);
          // Every row a 1m bar, the zero-trade row of NEARUSDT included.
          if (timeframe === '1m') expect(expected.length, symbol).toBe(rows.length);
          const bars = await store.readBars({ instrument: `binance-futures:${symbol}`, timeframe, from: 0 });
          expect(bars.length, `${symbol} ${timeframe}`).toBe(expected.length);
          bars.forEach((bar, k) => {
            const e = expected[k];
            const where = `${symbol} ${timeframe} bar ${k}`;
            expect([bar.start, bar.open, bar.high, bar.low, bar.close, bar.trades], where).toEqual([
              e.t,
              e.o,
              e.h,
              e.l,
              e.c,
              e.n,
            ]);
            expect(Math.abs(bar.volume - e.v), where).toBeLessThanOrEqual(1e-12 * e.v);
            expect(Math.abs(bar.quoteVolume - e.q), where).toBeLessThanOrEqual(1e-12 * e.q);
            expect(Math.abs(bar.buyVolume - e.tb), where).toBeLessThanOrEqual(1e-12 * Math.max(e.tb, 1));
          });
        }
      }
    } finally {
      await store.close();
    }
  });

  it('adds nothing when the same files are imported again', { timeout: 180_000 }, async () => {
    const store = await openStore({ path: db });
    const before = await store.readBars({ instrument: 'binance-futures:AVAXUSDT', timeframe: '1m', from: 0 });
    await store.close();
    const summary = await importFiles(files, { ...parseImportFlags({ db }), progress: false });
    expect(summary.bars).toBe(0);
    expect(summary.ticks).toBe(0);
    const again = await openStore({ path: db });
    try {
      expect(await again.readBars({ instrument: 'binance-futures:AVAXUSDT', timeframe: '1m', from: 0 })).toEqual(
        before,
      );
    } finally {
      await again.close();
    }
  });
});
