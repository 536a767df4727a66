// Instrument metadata end to end: exchangeInfo of the fake Binance (spot and USD-M) through the REST
// client into the store, then served by GET /api/v1/instruments; an instrument without exchange data
// gets its price decimals from its stored prices.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/domain/logger.js';
import { refreshInstrumentMeta } from '../../src/ingest/instrument-meta-refresh.js';
import { binanceEndpoints } from '../../src/sources/binance/endpoints.js';
import { BinanceRestClient } from '../../src/sources/binance/rest-client.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let fake: FakeBinance | undefined;
let app: TestApp<'none' | 'alerts'> | undefined;
const clients: BinanceRestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await app?.close();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

function client(venue: 'binance' | 'binance-futures', restUrl: string): BinanceRestClient {
  const rest = new BinanceRestClient({
    endpoints: binanceEndpoints(venue, { restUrl }),
    backoff: { initialMs: 10, maxMs: 50 },
  });
  clients.push(rest);
  return rest;
}

describe('instrument metadata', () => {
  it('stores tick size, step size, assets and status of spot and USD-M instruments and serves them', async () => {
    fake = await FakeBinance.start();
    app = await createTestApp({ venue: 'binance' });
    const spot = await refreshInstrumentMeta(
      client('binance', fake.urls.spotRest),
      'binance',
      ['binance:BTCUSDT'],
      app.store,
      silentLogger,
      () => 1_700_000_000_000,
    );
    expect(spot).toEqual([
      {
        instrument: 'binance:BTCUSDT',
        tickSize: 0.01,
        stepSize: 0.00001,
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        status: 'TRADING',
        priceDecimals: 2,
        source: 'exchange',
        updatedAt: 1_700_000_000_000,
      },
    ]);
    await refreshInstrumentMeta(
      client('binance-futures', fake.urls.futuresRest),
      'binance-futures',
      ['binance-futures:ETHUSDT'],
      app.store,
      silentLogger,
    );
    app.store.appendTicks([
      { instrument: 'binance:BTCUSDT', id: 1, ts: 1_700_000_000_000, price: 35_000, qty: 1, buyerMaker: false },
      { instrument: 'binance-futures:ETHUSDT', id: 1, ts: 1_700_000_000_000, price: 2000, qty: 1, buyerMaker: false },
    ]);
    await app.store.flush();
    const instruments = (await app.get('/api/v1/instruments')).body as Array<Record<string, unknown>>;
    expect(instruments.find((i) => i.id === 'binance:BTCUSDT')).toMatchObject({
      tickSize: 0.01,
      priceDecimals: 2,
      status: 'TRADING',
      trading: true,
      metaSource: 'exchange',
    });
    expect(instruments.find((i) => i.id === 'binance-futures:ETHUSDT')).toMatchObject({
      tickSize: 0.1,
      stepSize: 0.001,
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      priceDecimals: 1,
      metaSource: 'exchange',
    });
  });

  it('keeps what is stored when the exchange cannot be reached', async () => {
    app = await createTestApp({ venue: 'binance' });
    const stored = await refreshInstrumentMeta(
      client('binance', 'http://127.0.0.1:9'),
      'binance',
      ['binance:BTCUSDT'],
      app.store,
      silentLogger,
    );
    expect(stored).toEqual([]);
    expect(await app.store.instrumentMeta()).toEqual([]);
  });

  it('infers price decimals of an instrument without exchange data from its prices', async () => {
    app = await createTestApp({ venue: 'binance' });
    app.store.upsertBars([
      {
        instrument: 'sim:BARSONLY',
        timeframe: '1d',
        start: 0,
        open: 12.5,
        high: 12.755,
        low: 12.1,
        close: 12.7,
        volume: 1,
        quoteVolume: 12.6,
        trades: 1,
        buyVolume: 0,
        vwap: 12.6,
      },
    ]);
    app.store.appendTicks([{ instrument: 'sim:TICKS', id: 1, ts: 0, price: 12.5, qty: 1, buyerMaker: false }]);
    await app.store.flush();
    const instruments = (await app.get('/api/v1/instruments')).body as Array<Record<string, unknown>>;
    expect(instruments.find((i) => i.id === 'sim:TICKS')).toMatchObject({
      tickSize: null,
      status: null,
      trading: true,
      priceDecimals: 1,
      metaSource: 'inferred',
    });
    // Without ticks, the bars' open, high, low and close.
    expect(instruments.find((i) => i.id === 'sim:BARSONLY')).toMatchObject({
      priceDecimals: 3,
      metaSource: 'inferred',
    });
  });

  it('creates an alert on an instrument the exchange says is not trading, with a Warning header', async () => {
    app = await createTestApp({ engines: 'alerts', venue: 'binance' });
    const meta = { tickSize: 0.001, stepSize: 1, quoteAsset: 'USDT', priceDecimals: 3, source: 'exchange' as const };
    await app.store.saveInstrumentMeta([
      { ...meta, instrument: 'binance:OLDUSDT', baseAsset: 'OLD', status: 'BREAK', updatedAt: 0 },
      { ...meta, instrument: 'binance:NEWUSDT', baseAsset: 'NEW', status: 'TRADING', updatedAt: 0 },
    ]);
    app.store.appendTicks(
      ['binance:OLDUSDT', 'binance:NEWUSDT'].map((instrument) => ({
        instrument,
        id: 1,
        ts: 0,
        price: 1.5,
        qty: 1,
        buyerMaker: false,
      })),
    );
    await app.store.flush();
    const rule = (instrument: string) => ({
      name: `${instrument} above 2`,
      target: { instrument },
      timeframe: '1m',
      metric: 'price',
      operator: '>',
      threshold: 2,
    });
    const halted = await app.request('POST', '/api/v1/alerts', rule('OLDUSDT'));
    expect(halted.status).toBe(201);
    expect(halted.headers.warning).toBe(
      '199 tickscope "not trading on the exchange: binance:OLDUSDT (BREAK); no new bars until it trades again"',
    );
    const trading = await app.request('POST', '/api/v1/alerts', rule('NEWUSDT'));
    expect(trading.status).toBe(201);
    expect(trading.headers.warning).toBeUndefined();
    const listed = (await app.get('/api/v1/instruments')).body as Array<Record<string, unknown>>;
    expect(listed.find((i) => i.id === 'binance:OLDUSDT')).toMatchObject({ status: 'BREAK', trading: false });
  });
});
