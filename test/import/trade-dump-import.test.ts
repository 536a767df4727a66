// Hand-made spot dumps (no header, True/False, microsecond times, the aggTrades rows shuffled)
// imported with `tickscope import` give the same ticks and bars, every timeframe, as the same
// trades replayed from WebSocket frames; a second import adds nothing; a bad row stores nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { importFiles, parseImportFlags } from '../../src/cli/commands/import.js';
import { importDumpFile } from '../../src/ingest/dump-import/dump-import.js';
import { IngestPipeline } from '../../src/ingest/ingest-pipeline.js';
import { replayFiles } from '../../src/cli/commands/replay.js';
import { TIMEFRAMES, type Bar } from '../../src/domain/index.js';
import { seededRandom } from '../../src/domain/seeded-random.js';
import { openStore, type Store } from '../../src/store/index.js';
import { writeZip } from './zip-fixture.js';

interface Trade {
  id: number;
  ts: number;
  price: string;
  qty: string;
  buyerMaker: boolean;
}
interface Aggregate {
  aggId: number;
  trades: Trade[];
}

/** Trades over ~26 hours (crossing a day), in aggregates of 1-3 trades at one time, price and side. */
function makeAggregates(): Aggregate[] {
  const random = seededRandom(17);
  const aggregates: Aggregate[] = [];
  let ts = Date.UTC(2025, 2, 1, 22, 0, 0);
  let price = 84_000;
  let id = 4_600_000_000;
  for (let aggId = 900_000; aggId < 903_000; aggId++) {
    ts += Math.floor(random() * 60_000);
    price = Math.max(1, price + (random() - 0.5) * 40);
    const size = 1 + Math.floor(random() * 3);
    const buyerMaker = random() < 0.5;
    const qty = (0.001 * (1 + Math.floor(random() * 500))).toFixed(5);
    const trades = Array.from({ length: size }, () => ({ id: id++, ts, price: price.toFixed(2), qty, buyerMaker }));
    aggregates.push({ aggId, trades });
  }
  return aggregates;
}

const dir = mkdtempSync(join(tmpdir(), 'tickscope-trade-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aggregates = makeAggregates();
const trades = aggregates.flatMap((a) => a.trades);
const pyBool = (b: boolean) => (b ? 'True' : 'False');
const micros = (ms: number) => ms * 1000;

function writeFixtures() {
  const frames = trades.map(
    (t) =>
      `{"stream":"btcusdt@trade","data":{"e":"trade","E":${t.ts + 1},"s":"BTCUSDT","t":${t.id},"p":"${t.price}",` +
      `"q":"${t.qty}","T":${t.ts},"m":${t.buyerMaker},"M":true}}`,
  );
  writeFileSync(join(dir, 'capture.jsonl'), `${frames.join('\n')}\n`);
  const tradeRows = trades.map((t) =>
    [
      t.id,
      t.price,
      t.qty,
      (Number(t.price) * Number(t.qty)).toFixed(8),
      micros(t.ts),
      pyBool(t.buyerMaker),
      'True',
    ].join(','),
  );
  writeZip(join(dir, 'BTCUSDT-trades-2025-03-01.zip'), 'BTCUSDT-trades-2025-03-01.csv', `${tradeRows.join('\n')}\n`);
  // Shuffled, as USD-M monthly aggTrades files can be; the quantity is the aggregate's.
  const random = seededRandom(5);
  const shuffled = [...aggregates].sort(() => random() - 0.5);
  const aggRows = shuffled.map((a) => {
    const [first] = a.trades;
    const last = a.trades[a.trades.length - 1];
    const qty = (Number(first.qty) * a.trades.length).toFixed(5);
    return [a.aggId, first.price, qty, first.id, last.id, micros(first.ts), pyBool(first.buyerMaker), 'True'].join(',');
  });
  writeFileSync(join(dir, 'BTCUSDT-aggTrades-2025-03-01.csv'), `${aggRows.join('\n')}\n`);
}

async function barsOf(db: string): Promise<Map<string, Bar[]>> {
  const store = await openStore({ path: db });
  try {
    const out = new Map<string, Bar[]>();
    for (const timeframe of TIMEFRAMES)
      out.set(timeframe, await store.readBars({ instrument: 'binance:BTCUSDT', timeframe, from: 0 }));
    return out;
  } finally {
    await store.close();
  }
}

function expectSameBars(actual: Map<string, Bar[]>, expected: Map<string, Bar[]>, relative: number) {
  for (const [timeframe, bars] of expected) {
    const got = actual.get(timeframe) ?? [];
    expect(got.length, timeframe).toBe(bars.length);
    got.forEach((bar, i) => {
      const e = bars[i];
      const where = `${timeframe} bar ${i}`;
      expect([bar.start, bar.open, bar.high, bar.low, bar.close, bar.trades], where).toEqual([
        e.start,
        e.open,
        e.high,
        e.low,
        e.close,
        e.trades,
      ]);
      for (const field of ['volume', 'quoteVolume', 'buyVolume', 'vwap'] as const)
        expect(Math.abs(bar[field] - e[field]), `${where} ${field}`).toBeLessThanOrEqual(relative * Math.abs(e[field]));
    });
  }
}

describe('import of spot trades and aggTrades dumps', () => {
  writeFixtures();
  const flags = (db: string) => ({ ...parseImportFlags({ db }), progress: false });

  it('gives the ticks and bars a replay of the same trades as WebSocket frames gives', {
    timeout: 120_000,
  }, async () => {
    const replayDb = join(dir, 'replay.duckdb');
    await replayFiles([join(dir, 'capture.jsonl')], { venue: 'binance', speed: 'max', db: replayDb, progress: false });
    const expected = await barsOf(replayDb);
    expect(expected.get('1d')?.length).toBe(2);

    const tradesDb = join(dir, 'trades.duckdb');
    const summary = await importFiles([join(dir, 'BTCUSDT-trades-2025-03-01.zip')], flags(tradesDb));
    expect(summary.files[0].plan).toMatchObject({
      instrument: 'binance:BTCUSDT',
      kind: 'trades',
      venueFrom: 'columns',
    });
    expect(summary.ticks).toBe(trades.length);
    expectSameBars(await barsOf(tradesDb), expected, 0);
    const store = await openStore({ path: tradesDb });
    const [replayed, imported] = [await openStore({ path: replayDb }), store];
    expect(await imported.readTicks({ instrument: 'binance:BTCUSDT' })).toEqual(
      await replayed.readTicks({ instrument: 'binance:BTCUSDT' }),
    );
    await replayed.close();
    await imported.close();

    const aggDb = join(dir, 'agg.duckdb');
    const agg = await importFiles([join(dir, 'BTCUSDT-aggTrades-2025-03-01.csv')], flags(aggDb));
    expect(agg.files[0].sorted).toBe(true);
    expect(agg.ticks).toBe(trades.length);
    // The aggregate's quantity is shared among its trades: sums agree to rounding.
    expectSameBars(await barsOf(aggDb), expected, 1e-12);
  });

  it('adds nothing when a file is imported again', { timeout: 120_000 }, async () => {
    const db = join(dir, 'twice.duckdb');
    const file = join(dir, 'BTCUSDT-trades-2025-03-01.zip');
    await importFiles([file], flags(db));
    const again = await importFiles([file], flags(db));
    expect(again.ticks).toBe(0);
    expect(again.bars).toBe(0);
    expect(again.files[0].duplicates).toBe(trades.length);
  });

  it('stores nothing of a file with a bad row, and names the line, column and value', { timeout: 60_000 }, async () => {
    const rows = trades.slice(0, 100).map((t) => [t.id, t.price, t.qty, '1', micros(t.ts), 'False', 'True'].join(','));
    rows[41] = rows[41].replace(/^(\d+),[^,]+,/, '$1,12;5,');
    const file = join(dir, 'ETHUSDT-trades-2025-03-01.csv');
    writeFileSync(file, rows.join('\n'));
    const db = join(dir, 'bad.duckdb');
    await expect(importFiles([file], flags(db))).rejects.toThrow(/line 42, column price: "12;5" is not a number/);
    const store = await openStore({ path: db });
    expect(await store.instruments()).toEqual([]);
    await store.close();
  });

  it('refuses a trades row whose id is not above the row before, storing nothing', { timeout: 60_000 }, async () => {
    const rows = trades.slice(0, 50).map((t) => [t.id, t.price, t.qty, '1', micros(t.ts), 'False', 'True'].join(','));
    [rows[20], rows[21]] = [rows[21], rows[20]];
    const file = join(dir, 'XRPUSDT-trades-2025-03-01.csv');
    writeFileSync(file, rows.join('\n'));
    const db = join(dir, 'order.duckdb');
    await expect(importFiles([file], flags(db))).rejects.toThrow(
      new RegExp(`line 22, column id: "${trades[20].id}" is not above the row before \\(${trades[21].id}\\)`),
    );
    const store = await openStore({ path: db });
    expect(await store.instruments()).toEqual([]);
    await store.close();
  });

  it('gives the same ticks and bars on a store without a bulk import (validation pass, then the pipeline)', {
    timeout: 120_000,
  }, async () => {
    const file = join(dir, 'BTCUSDT-trades-2025-03-01.zip');
    const bulkDb = join(dir, 'bulk.duckdb');
    await importFiles([file], flags(bulkDb));
    const plainDb = join(dir, 'plain.duckdb');
    const store = await openStore({ path: plainDb });
    // The same store with its bulk import hidden.
    const plain = new Proxy(store, {
      get: (target, key) => (key === 'beginTickImport' ? undefined : Reflect.get(target, key, target)),
    }) as Store;
    const pipeline = new IngestPipeline({ store: plain, bus: new MemoryBus() });
    const result = await importDumpFile(file, {}, { store: plain, pipeline });
    await pipeline.finish();
    await store.close();
    expect(result.ticks).toBe(trades.length);
    expectSameBars(await barsOf(plainDb), await barsOf(bulkDb), 0);
  });
});
