// The fake must speak the documented protocol (docs/binance-protocol.md), or the ingestion tests
// prove nothing.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { waitFor } from './helpers.js';

let fake: FakeBinance;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await fake?.close();
});

interface Client {
  socket: WebSocket;
  messages: string[];
  closed: { code: number } | null;
  next(): Promise<unknown>;
}

async function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<Client> {
  const socket = new WebSocket(url, options);
  sockets.push(socket);
  let read = 0;
  const client: Client = {
    socket,
    messages: [],
    closed: null,
    async next() {
      await waitFor('a message', () => client.messages.length > read, 2_000);
      return JSON.parse(client.messages[read++]);
    },
  };
  socket.on('message', (data) => client.messages.push(data.toString()));
  socket.on('close', (code) => (client.closed = { code }));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  return client;
}

describe('fake Binance WebSocket', () => {
  it('wraps combined streams and sends spot trade payloads as documented', async () => {
    fake = await FakeBinance.start();
    const client = await connect(`${fake.urls.spotWs}/stream?streams=btcusdt@trade`);
    const [trade] = fake.spot.emitTrades('BTCUSDT', 1);
    const message = (await client.next()) as { stream: string; data: Record<string, unknown> };
    expect(message.stream).toBe('btcusdt@trade');
    expect(message.data).toEqual({
      e: 'trade',
      E: expect.any(Number),
      s: 'BTCUSDT',
      t: trade.id,
      p: trade.price,
      q: trade.qty,
      T: trade.time,
      m: trade.isBuyerMaker,
      M: true,
    });
    expect(message.data.p).toMatch(/^\d+\.\d{8}$/);
  });

  it('sends bare payloads on /ws/<stream>, microseconds on request, and futures fields on /market', async () => {
    fake = await FakeBinance.start();
    const raw = await connect(`${fake.urls.spotWs}/ws/ethusdt@trade`);
    const micro = await connect(`${fake.urls.spotWs}/stream?streams=ethusdt@trade&timeUnit=MICROSECOND`);
    const futures = await connect(`${fake.urls.futuresWs}/stream?streams=ethusdt@trade`);
    const [spotTrade] = fake.spot.emitTrades('ETHUSDT', 1);
    const [futuresTrade] = fake.futures.emitTrades('ETHUSDT', 1);
    expect(await raw.next()).toMatchObject({ e: 'trade', t: spotTrade.id });
    expect(await micro.next()).toMatchObject({ data: { T: spotTrade.time * 1000 } });
    const futuresMessage = (await futures.next()) as { data: Record<string, unknown> };
    expect(futuresMessage.data).toEqual({
      e: 'trade',
      E: expect.any(Number),
      T: futuresTrade.time,
      s: 'ETHUSDT',
      t: futuresTrade.id,
      p: futuresTrade.price,
      q: futuresTrade.qty,
      X: 'MARKET',
      m: futuresTrade.isBuyerMaker,
    });
  });

  it('answers SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS and property requests with their ids', async () => {
    fake = await FakeBinance.start({ spot: { maxIncomingPerSecond: 10 } });
    const client = await connect(`${fake.urls.spotWs}/ws`);
    client.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'ethusdt@trade'], id: 1 }));
    expect(await client.next()).toEqual({ result: null, id: 1 });
    client.socket.send(JSON.stringify({ method: 'UNSUBSCRIBE', params: ['ethusdt@trade'], id: 'abc' }));
    expect(await client.next()).toEqual({ result: null, id: 'abc' });
    client.socket.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 3 }));
    expect(await client.next()).toEqual({ result: ['btcusdt@trade'], id: 3 });
    client.socket.send(JSON.stringify({ method: 'GET_PROPERTY', params: ['combined'], id: 4 }));
    expect(await client.next()).toEqual({ result: false, id: 4 });
    client.socket.send(JSON.stringify({ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 5 }));
    expect(await client.next()).toMatchObject({ code: 1, id: 5 });
    client.socket.send(JSON.stringify({ method: 'NOPE', id: 6 }));
    expect(await client.next()).toMatchObject({ code: 2, id: 6 });
    client.socket.send('{nope');
    expect(await client.next()).toMatchObject({ code: 3, id: null });
  });

  it('pings on schedule and drops a client that never pongs', async () => {
    fake = await FakeBinance.start({ spot: { pingIntervalMs: 50, pongTimeoutMs: 150 } });
    const client = await connect(`${fake.urls.spotWs}/ws/btcusdt@trade`, { autoPong: false });
    let pings = 0;
    client.socket.on('ping', () => pings++);
    await waitFor('the pong timeout', () => client.closed !== null, 2_000);
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(fake.spot.counters.pongTimeouts).toBe(1);
  });

  it('disconnects a client that sends more messages per second than allowed', async () => {
    fake = await FakeBinance.start({ spot: { maxIncomingPerSecond: 5 } });
    const client = await connect(`${fake.urls.spotWs}/ws`);
    for (let id = 0; id < 6; id++) client.socket.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }));
    await waitFor('the disconnect', () => client.closed !== null, 2_000);
    expect(client.closed).toEqual({ code: 1008 });
    expect(fake.spot.counters.rateViolations).toBe(1);
  });

  it('refuses connections over the attempt budget and streams over the per-connection limit', async () => {
    fake = await FakeBinance.start({ spot: { maxConnectionAttempts: 2, maxStreamsPerConnection: 2 } });
    await expect(connect(`${fake.urls.spotWs}/stream?streams=a1usdt@trade/a2usdt@trade/a3usdt@trade`)).rejects.toThrow(
      'HTTP 400',
    );
    const client = await connect(`${fake.urls.spotWs}/stream?streams=a1usdt@trade/a2usdt@trade`);
    client.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['a3usdt@trade'], id: 1 }));
    expect(await client.next()).toMatchObject({ code: 2, id: 1 });
    await expect(connect(`${fake.urls.spotWs}/ws`)).rejects.toThrow('HTTP 429');
  });

  it('closes connections at the compressed lifetime and announces serverShutdown', async () => {
    fake = await FakeBinance.start({ spot: { maxLifetimeMs: 200 } });
    const client = await connect(`${fake.urls.spotWs}/stream?streams=btcusdt@trade`);
    fake.spot.sendServerShutdown({ closeAfterMs: null });
    expect(await client.next()).toEqual({
      stream: '!serverShutdown',
      data: { e: 'serverShutdown', E: expect.any(Number) },
    });
    await waitFor('the lifetime close', () => client.closed !== null, 2_000);
    expect(fake.spot.counters.lifetimeCloses).toBe(1);
  });
});

describe('fake Binance REST', () => {
  it('charges request weight, reports it, answers 429 with Retry-After, then 418 if the client goes on', async () => {
    fake = await FakeBinance.start({ spot: { weightLimit: 50, banAfterViolations: 2, banSeconds: 60 } });
    const get = (path: string) => fetch(`${fake.urls.spotRest}${path}`);
    const first = await get('/api/v3/historicalTrades?symbol=BTCUSDT');
    expect(first.headers.get('x-mbx-used-weight-1m')).toBe('25');
    expect((await get('/api/v3/trades?symbol=BTCUSDT')).headers.get('x-mbx-used-weight-1m')).toBe('50');
    const limited = await get('/api/v3/ping');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: -1003 });
    expect((await get('/api/v3/ping')).status).toBe(429);
    const banned = await get('/api/v3/ping');
    expect(banned.status).toBe(418);
    expect(banned.headers.get('retry-after')).toBe('60');
  });

  it('serves historicalTrades from an id, aggTrades covering every id, and klines as 12-column rows', async () => {
    fake = await FakeBinance.start();
    const trades = fake.spot.emitTrades('BTCUSDT', 20);
    const body = async (path: string) => (await fetch(`${fake.urls.spotRest}${path}`)).json();
    const historical = (await body(`/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${trades[5].id}&limit=3`)) as Array<{
      id: number;
    }>;
    expect(historical.map((t) => t.id)).toEqual([trades[5].id, trades[6].id, trades[7].id]);
    const aggs = (await body(`/api/v3/aggTrades?symbol=BTCUSDT&startTime=${trades[0].time}`)) as Array<{
      a: number;
      f: number;
      l: number;
    }>;
    expect(aggs[0].f).toBe(trades[0].id);
    for (let i = 1; i < aggs.length; i++) {
      expect(aggs[i].a).toBe(aggs[i - 1].a + 1);
      expect(aggs[i].f).toBe(aggs[i - 1].l + 1);
    }
    expect(aggs.at(-1)!.l).toBe(trades[19].id);
    const klines = (await body('/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2')) as unknown[][];
    expect(klines).toHaveLength(2);
    expect(klines[0]).toHaveLength(12);
    expect(klines[0].map((v) => typeof v)).toEqual([
      'number',
      'string',
      'string',
      'string',
      'string',
      'string',
      'number',
      'string',
      'number',
      'string',
      'string',
      'string',
    ]);
    expect((await fetch(`${fake.urls.spotRest}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1001`)).status).toBe(400);
    expect((await fetch(`${fake.urls.futuresRest}/fapi/v1/historicalTrades?symbol=BTCUSDT&limit=501`)).status).toBe(
      400,
    );
  });
});
