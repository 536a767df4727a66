import { describe, expect, it } from 'vitest';
import { loadWatchlist, saveWatchlist } from './watchlist.js';

function settings(initial: Record<string, unknown> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getSetting: async <T>(key: string) => values.get(key) as T | undefined,
    setSetting: async (key: string, value: unknown) => void values.set(key, value),
  };
}

describe('watchlist', () => {
  it('streams the stored instruments after a restart when none are given', async () => {
    const store = settings({ 'watchlist:binance': ['binance:SOLUSDT', 'BNBUSDT'] });
    const ids = await loadWatchlist(store, 'binance', null, ['binance:BTCUSDT']);
    expect(ids).toEqual(['binance:SOLUSDT', 'binance:BNBUSDT']);
  });

  it('replaces the stored list with the instruments given, keeping those of the venue', async () => {
    const store = settings({ 'watchlist:binance': ['binance:SOLUSDT'] });
    const ids = await loadWatchlist(store, 'binance', ['binance:ETHUSDT', 'binance-futures:BTCUSDT'], []);
    expect(ids).toEqual(['binance:ETHUSDT']);
    expect(store.values.get('watchlist:binance')).toEqual(['binance:ETHUSDT']);
  });

  it('starts a futures venue from the spot defaults, moved to that venue', async () => {
    const ids = await loadWatchlist(settings(), 'binance-futures', null, ['binance:BTCUSDT', 'binance:ETHUSDT']);
    expect(ids).toEqual(['binance-futures:BTCUSDT', 'binance-futures:ETHUSDT']);
  });

  it('saves a changed list under its venue', async () => {
    const store = settings();
    await saveWatchlist(store, 'binance', ['binance:BTCUSDT']);
    expect(await loadWatchlist(store, 'binance', null, [])).toEqual(['binance:BTCUSDT']);
  });
});
