import { describe, expect, it } from 'vitest';
import { parseRoute, patchParams, routeUrl } from './route.ts';

describe('route', () => {
  it('reads the view from the path and its parameters from the query string', () => {
    expect(parseRoute('/pairs', '?x=sim:AAA&y=sim:BBB&timeframe=1s')).toEqual({
      view: 'pairs',
      params: { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' },
    });
  });

  it('treats / and unknown paths as the live view so old links keep working', () => {
    expect(parseRoute('/', '?instrument=sim:BBB&timeframe=15m')).toEqual({
      view: 'live',
      params: { instrument: 'sim:BBB', timeframe: '15m' },
    });
    expect(parseRoute('/nope/deeper', '').view).toBe('live');
  });

  it('drops empty parameters', () => {
    expect(parseRoute('/status', '?a=&b=%20').params).toEqual({});
  });

  it('writes a readable, stable link', () => {
    expect(
      routeUrl({ view: 'pairs', params: { y: 'binance:ETHUSDT', x: 'binance:BTCUSDT', instruments: 'a:B,c:D' } }),
    ).toBe('/pairs?instruments=a:B,c:D&x=binance:BTCUSDT&y=binance:ETHUSDT');
    expect(routeUrl({ view: 'status', params: {} })).toBe('/status');
  });

  it('patches parameters, removing keys set to null or empty', () => {
    expect(patchParams({ a: '1', b: '2' }, { a: null, b: undefined, c: '3', d: '' })).toEqual({ b: '2', c: '3' });
  });
});
