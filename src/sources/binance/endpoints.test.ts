import { describe, expect, it } from 'vitest';
import { binanceEndpoints, combinedStreamUrl, legacyWsUrl, symbolOfStream, tradeStreamName } from './endpoints.js';

describe('binanceEndpoints', () => {
  it('defaults to the real Binance spot and USD-M endpoints and limits', () => {
    const spot = binanceEndpoints('binance');
    expect([spot.wsUrl, spot.restUrl, spot.restPrefix]).toEqual([
      'wss://stream.binance.com:9443',
      'https://api.binance.com',
      '/api/v3',
    ]);
    expect(spot.limits).toMatchObject({
      streamsPerConnection: 1024,
      incomingMessagesPerSecond: 5,
      connectionAttempts: 300,
      restWeightLimit: 6000,
    });
    const futures = binanceEndpoints('binance-futures');
    expect([futures.wsUrl, futures.restUrl, futures.restPrefix]).toEqual([
      'wss://fstream.binance.com/market',
      'https://fapi.binance.com',
      '/fapi/v1',
    ]);
    expect(futures.limits).toMatchObject({ incomingMessagesPerSecond: 10, restWeightLimit: 2400 });
    expect(futures.pageLimits.historicalTrades).toBe(500);
    expect(futures.klineTimeframes).not.toContain('1s');
  });

  it('takes overrides, adding /market to a bare futures origin', () => {
    expect(
      binanceEndpoints('binance', { wsUrl: 'ws://127.0.0.1:9000/', restUrl: 'http://127.0.0.1:9000/' }),
    ).toMatchObject({
      wsUrl: 'ws://127.0.0.1:9000',
      restUrl: 'http://127.0.0.1:9000',
    });
    expect(binanceEndpoints('binance-futures', { wsUrl: 'ws://127.0.0.1:9000' }).wsUrl).toBe(
      'ws://127.0.0.1:9000/market',
    );
    expect(binanceEndpoints('binance-futures', { wsUrl: 'wss://fstream.binance.com/public' }).wsUrl).toBe(
      'wss://fstream.binance.com/public',
    );
    expect(binanceEndpoints('binance', { limits: { streamsPerConnection: 200 } }).limits.streamsPerConnection).toBe(
      200,
    );
  });

  it('rejects URLs with the wrong scheme, saying which field', () => {
    expect(() => binanceEndpoints('binance', { wsUrl: 'http://x' })).toThrow(
      /wsUrl: "http:\/\/x" must use ws: or wss:/,
    );
    expect(() => binanceEndpoints('binance', { restUrl: 'nope' })).toThrow(/restUrl: "nope" is not a URL/);
  });

  it('builds combined-stream URLs and the legacy futures fallback', () => {
    const futures = binanceEndpoints('binance-futures', { wsUrl: 'ws://h:1' });
    expect(combinedStreamUrl(futures, [tradeStreamName('BTCUSDT'), 'ethusdt@trade'])).toBe(
      'ws://h:1/market/stream?streams=btcusdt@trade/ethusdt@trade',
    );
    expect(legacyWsUrl(futures)).toBe('ws://h:1');
    expect(legacyWsUrl(binanceEndpoints('binance'))).toBeNull();
    expect(symbolOfStream('btcusdt@trade')).toBe('BTCUSDT');
  });
});
