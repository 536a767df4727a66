import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tick } from '../../src/domain/index.js';
import { createTestApp } from '../support/test-app.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const tick = (
  id: number,
  offsetMs: number,
  price: number,
  qty = 1,
  buyerMaker = false,
  instrument = 'sim:AAA',
): Tick => ({
  instrument,
  id,
  ts: T0 + offsetMs,
  price,
  qty,
  buyerMaker,
});

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp({ timeframes: ['1s', '1m', '1h'] });
});
afterEach(async () => {
  await t.close();
});

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

describe('REST API', () => {
  it('serves health with source, simulated flag and ingest counters', async () => {
    t.pipeline.ingest([tick(1, 0, 10), tick(1, 5, 10), tick(2, 10, 11)]);
    const { status, body } = await get('/api/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      source: { kind: 'sim', simulated: true },
      ingest: { ticks: 2, duplicates: 1, lateTicks: 0, errors: 0 },
    });
  });

  it('reports the uptime in seconds since the server started, to a tenth', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(t.ctx.startedAt + 90_460);
      expect((await get('/api/v1/health')).body.uptimeSec).toBe(90.5);
      vi.setSystemTime(t.ctx.startedAt + 3_600_000);
      expect((await get('/api/v1/health')).body.uptimeSec).toBe(3600);
    } finally {
      vi.useRealTimers();
    }
  });

  it('returns ticks ascending with from inclusive and to exclusive', async () => {
    t.pipeline.ingest([tick(1, 0, 10), tick(2, 1000, 11, 2, true), tick(3, 2000, 12)]);
    const { status, body } = await get(`/api/v1/ticks?instrument=sim:AAA&from=${T0 + 1000}&to=${T0 + 2000}`);
    expect(status).toBe(200);
    expect(body).toEqual([{ id: 2, ts: T0 + 1000, price: 11, qty: 2, buyerMaker: true }]);
    expect((await get(`/api/v1/ticks?instrument=AAA&limit=2`)).body.map((x: Tick) => x.id)).toEqual([1, 2]);
  });

  it('returns stored bars merged with the open bar, which comes last with closed=false', async () => {
    t.pipeline.ingest([tick(1, 0, 10), tick(2, 500, 12), tick(3, 1500, 11), tick(4, 2100, 9, 3)]);
    await t.store.flush();
    const { status, body } = await get('/api/v1/bars?instrument=sim:AAA&timeframe=1s');
    expect(status).toBe(200);
    expect(body.map((b: { start: number; closed: boolean }) => [b.start - T0, b.closed])).toEqual([
      [0, true],
      [1000, true],
      [2000, false],
    ]);
    expect(body[0]).toMatchObject({
      open: 10,
      high: 12,
      low: 10,
      close: 12,
      volume: 2,
      trades: 2,
      buyVolume: 2,
      vwap: 11,
    });
    expect(body[2]).toMatchObject({ open: 9, volume: 3 });
    const latest = await get('/api/v1/bars?instrument=sim:AAA&timeframe=1s&limit=2');
    expect(latest.body.map((b: { start: number }) => b.start - T0)).toEqual([1000, 2000]);
    const ranged = await get(`/api/v1/bars?instrument=sim:AAA&timeframe=1s&from=${T0 + 1000}&to=${T0 + 2000}`);
    expect(ranged.body.map((b: { start: number }) => b.start - T0)).toEqual([1000]);
    const hourly = await get('/api/v1/bars?instrument=sim:AAA&timeframe=1h');
    expect(hourly.body).toEqual([expect.objectContaining({ start: T0, open: 10, close: 9, trades: 4, closed: false })]);
  });

  it('serves a bar that has just closed while the store has not written it yet', async () => {
    t.pipeline.ingest([tick(1, 0, 10), tick(2, 1000, 11)]);
    await t.store.flush();
    // 1000 closes now; its write waits for the next flush (up to 250 ms away).
    t.pipeline.ingest([tick(3, 2000, 12)]);
    expect(t.store.stats().pendingBars).toBeGreaterThan(0);
    const { body } = await get('/api/v1/bars?instrument=sim:AAA&timeframe=1s');
    expect(body.map((b: { start: number; closed: boolean }) => [b.start - T0, b.closed])).toEqual([
      [0, true],
      [1000, true],
      [2000, false],
    ]);
    expect(body[1]).toMatchObject({ open: 11, trades: 1 });
  });

  it('lists live and stored instruments', async () => {
    t.pipeline.ingest([tick(1, 0, 10), tick(1, 0, 20, 1, false, 'sim:BBB')]);
    await t.store.flush();
    const { body } = await get('/api/v1/instruments');
    expect(body).toEqual([
      expect.objectContaining({ id: 'sim:AAA', venue: 'sim', symbol: 'AAA', lastPrice: 10 }),
      expect.objectContaining({ id: 'sim:BBB', lastPrice: 20 }),
    ]);
  });

  it.each([
    ['/api/v1/bars?instrument=sim:AAA&timeframe=2m', 'timeframe'],
    ['/api/v1/bars?instrument=sim:AAA', 'timeframe'],
    ['/api/v1/bars?instrument=nasdaq:AAPL&timeframe=1m', 'instrument'],
    ['/api/v1/ticks?instrument=sim:AAA&limit=100001', 'limit'],
    ['/api/v1/ticks?instrument=sim:AAA&from=abc', 'from'],
    [`/api/v1/ticks?instrument=sim:AAA&from=${T0}&to=${T0}`, 'from'],
  ])('rejects %s with a 400 that names %s', async (url, field) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(JSON.stringify(body.error)).toContain(field);
  });

  it('names the allowed timeframes when one is wrong', async () => {
    const { body } = await get('/api/v1/bars?instrument=sim:AAA&timeframe=2m');
    expect(body.error.details).toEqual([
      expect.objectContaining({ field: 'timeframe', allowed: ['1s', '1m', '5m', '15m', '1h', '4h', '1d'] }),
    ]);
  });

  it('answers unknown API routes with a 404 in the error format', async () => {
    const { status, body } = await get('/api/v1/nope');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/api/v1/bars', '/api/v1/ticks', '/api/v1/instruments']),
    );
    const from = res.json().paths['/api/v1/bars'].get.parameters.find((p: { name: string }) => p.name === 'from');
    expect(from.description).toMatch(/epoch milliseconds .* or ISO 8601/);
    expect(from.schema.anyOf.map((s: { type: string }) => s.type)).toEqual(['integer', 'string']);
  });
});
