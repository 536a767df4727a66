import { afterEach, describe, expect, it } from 'vitest';
import { binanceEndpoints, type BinanceLimits } from '../../src/sources/binance/endpoints.js';
import {
  BinanceApiError,
  BinanceRateLimitError,
  BinanceRestClient,
  type RestClientOptions,
} from '../../src/sources/binance/rest-client.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';

let fake: FakeBinance;
let client: BinanceRestClient | undefined;

afterEach(async () => {
  client?.close();
  client = undefined;
  await fake?.close();
});

function makeClient(
  options: Partial<RestClientOptions> & { limits?: Partial<BinanceLimits>; futures?: boolean } = {},
): BinanceRestClient {
  const { limits, futures, ...rest } = options;
  client = new BinanceRestClient({
    endpoints: binanceEndpoints(futures ? 'binance-futures' : 'binance', { restUrl: fake.urls.spotRest, limits }),
    backoff: { initialMs: 10, maxMs: 50 },
    ...rest,
  });
  return client;
}

describe('BinanceRestClient against the fake Binance', () => {
  it('maps historicalTrades, aggTrades, klines and exchangeInfo to typed rows', async () => {
    fake = await FakeBinance.start();
    const trades = fake.spot.emitTrades('BTCUSDT', 5);
    const rest = makeClient();
    const fetched = await rest.historicalTrades('BTCUSDT', { fromId: trades[1].id, limit: 3 });
    expect(fetched).toEqual(
      trades.slice(1, 4).map((t) => ({
        id: t.id,
        price: t.priceValue,
        qty: t.qtyValue,
        quoteQty: Number(t.quoteQty),
        time: t.time,
        isBuyerMaker: t.isBuyerMaker,
      })),
    );
    const aggs = await rest.aggTrades('BTCUSDT', { startTime: trades[0].time });
    expect(aggs[0].firstTradeId).toBe(trades[0].id);
    expect(aggs.at(-1)!.lastTradeId).toBe(trades[4].id);
    const klines = await rest.klines({ symbol: 'BTCUSDT', interval: '1m', limit: 3 });
    expect(klines).toHaveLength(3);
    expect(klines[1].openTime - klines[0].openTime).toBe(60_000);
    expect(klines[0].closeTime).toBe(klines[0].openTime + 59_999);
    const info = await rest.exchangeInfo(['ETHUSDT']);
    expect(info.symbols.map((s) => s.symbol)).toEqual(['ETHUSDT']);
    const skew = await rest.measureClockSkew();
    expect(Math.abs(skew.skewMs)).toBeLessThan(1_000);
  });

  it('tracks the used weight from X-MBX-USED-WEIGHT-1M', async () => {
    fake = await FakeBinance.start();
    const rest = makeClient();
    await rest.historicalTrades('BTCUSDT');
    await rest.klines({ symbol: 'BTCUSDT', interval: '1m', limit: 1 });
    expect(rest.stats().usedWeight).toBe(fake.spot.rest.usedWeight);
    expect(rest.stats().usedWeight).toBeGreaterThanOrEqual(27);
  });

  it('slows down before the weight limit instead of running into 429s', async () => {
    fake = await FakeBinance.start({ spot: { weightLimit: 100, weightWindowMs: 500 } });
    const rest = makeClient({ limits: { restWeightLimit: 100, restWeightWindowMs: 500 } });
    for (let i = 0; i < 6; i++) await rest.historicalTrades('BTCUSDT', { limit: 10 });
    expect(fake.spot.rest.count429).toBe(0);
    expect(fake.spot.rest.requests.filter((r) => r.status === 200)).toHaveLength(6);
  });

  it('honours Retry-After on 429 and sends nothing until it has passed', async () => {
    fake = await FakeBinance.start({ spot: { weightLimit: 50, weightWindowMs: 60_000, retryAfterSeconds: 0.3 } });
    // The client believes in a much higher limit, so only the server's 429s can stop it.
    const rest = makeClient({ limits: { restWeightLimit: 100_000 } });
    await rest.historicalTrades('BTCUSDT', { limit: 10 });
    await rest.historicalTrades('BTCUSDT', { limit: 10 });
    const third = rest.historicalTrades('BTCUSDT', { limit: 10 });
    // Each retry gets another 429 until the test lifts the limit; none is early (that would be a violation).
    await new Promise((resolve) => setTimeout(resolve, 700));
    fake.spot.configure({ weightLimit: 10_000 });
    await expect(third).resolves.toBeInstanceOf(Array);
    expect(fake.spot.rest.count429).toBeGreaterThanOrEqual(2);
    expect(fake.spot.rest.violations).toBe(0);
    expect(fake.spot.rest.count418).toBe(0);
    expect(rest.stats().rateLimited).toBe(fake.spot.rest.count429);
  });

  it('gives up on a 418 ban longer than it may wait, with the time to wait', async () => {
    fake = await FakeBinance.start();
    fake.spot.rest.failures.push({ status: 418, remaining: 1, retryAfterSeconds: 120 });
    const rest = makeClient({ maxRetryAfterMs: 1_000 });
    const error = await rest.klines({ symbol: 'BTCUSDT', interval: '1m' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinanceRateLimitError);
    expect(error).toMatchObject({ status: 418, retryAfterMs: 120_000 });
  });

  it('waits out a short 418 ban, then goes on', async () => {
    fake = await FakeBinance.start();
    fake.spot.rest.failures.push({ status: 418, remaining: 1, retryAfterSeconds: 0.2 });
    const rest = makeClient();
    await expect(rest.ping()).resolves.toBeUndefined();
    expect(rest.stats().banned).toBe(1);
    expect(fake.spot.rest.requests.map((r) => r.status)).toEqual([418, 200]);
  });

  it('retries 5xx answers and dropped connections with backoff', async () => {
    fake = await FakeBinance.start();
    fake.spot.rest.failures.push({ status: 503, remaining: 2 }, { status: 'network', remaining: 1 });
    const rest = makeClient();
    await expect(rest.serverTime()).resolves.toBeGreaterThan(0);
    expect(rest.stats().retries).toBe(3);
  });

  it('stops retrying after maxRetries and reports the last failure', async () => {
    fake = await FakeBinance.start();
    fake.spot.rest.failures.push({ status: 502, remaining: 10 });
    const rest = makeClient({ maxRetries: 2 });
    await expect(rest.ping()).rejects.toMatchObject({ name: 'BinanceApiError', status: 502 });
    expect(fake.spot.rest.requests).toHaveLength(3);
  });

  it('does not retry a request Binance rejects, and says why', async () => {
    fake = await FakeBinance.start();
    const rest = makeClient();
    const error = await rest.klines({ symbol: 'btc-usdt', interval: '1m' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinanceApiError);
    expect((error as BinanceApiError).message).toMatch(/400 \(code -1121\): Invalid symbol/);
    expect(fake.spot.rest.requests).toHaveLength(1);
  });

  it('speaks the USD-M /fapi/v1 paths with their weights', async () => {
    fake = await FakeBinance.start();
    fake.futures.emitTrades('BTCUSDT', 3);
    const rest = makeClient({ futures: true });
    expect(await rest.historicalTrades('BTCUSDT', { limit: 500 })).toHaveLength(3);
    await rest.klines({ symbol: 'BTCUSDT', interval: '1m', limit: 1000 });
    expect(fake.futures.rest.requests.map((r) => [r.path, r.weight])).toEqual([
      ['/fapi/v1/historicalTrades', 20],
      ['/fapi/v1/klines', 5],
    ]);
    expect(rest.stats().usedWeight).toBe(25);
  });
});
