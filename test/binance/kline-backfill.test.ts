import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/index.js';
import { binanceEndpoints } from '../../src/sources/binance/endpoints.js';
import {
  deltaSyncStart,
  fetchKlineBars,
  recentKlineBars,
  syncKlines,
  type KlinePage,
} from '../../src/sources/binance/kline-backfill.js';
import { BinanceRestClient } from '../../src/sources/binance/rest-client.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
let fake: FakeBinance;
let client: BinanceRestClient;

afterEach(async () => {
  client?.close();
  await fake?.close();
});

async function setup(venue: 'binance' | 'binance-futures' = 'binance'): Promise<void> {
  fake = await FakeBinance.start();
  client = new BinanceRestClient({ endpoints: binanceEndpoints(venue, { restUrl: fake.urls.spotRest }) });
}

describe('kline backfill against the fake Binance', () => {
  it('pages a range of 1m klines into contiguous closed bars', async () => {
    await setup();
    const now = Date.now();
    const to = Math.floor(now / MINUTE) * MINUTE - 10 * MINUTE;
    const from = to - 2_500 * MINUTE;
    const pages: KlinePage[] = [];
    for await (const page of fetchKlineBars(client, { instrument: 'binance:BTCUSDT', timeframe: '1m', from, to }))
      pages.push(page);
    const bars = pages.flatMap((page) => page.bars);
    expect(pages).toHaveLength(3);
    expect(bars).toHaveLength(2_500);
    expect(bars[0].start).toBe(from);
    expect(bars.at(-1)!.start).toBe(to - MINUTE);
    expect(bars.every((bar, i) => i === 0 || bar.start === bars[i - 1].start + MINUTE)).toBe(true);
    expect(pages.flatMap((page) => page.discontinuities)).toEqual([]);
    expect(pages.at(-1)!.progress).toBe(1);
    expect(fake.spot.rest.requests.map((r) => r.query.limit)).toEqual(['1000', '1000', '1000']);
    const bar = bars[0];
    expect(bar).toMatchObject({ instrument: 'binance:BTCUSDT', timeframe: '1m' });
    expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
    expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
    expect(bar.vwap).toBeCloseTo(bar.quoteVolume / bar.volume, 9);
  });

  it('reports a missing kline row instead of skipping over it', async () => {
    await setup();
    const to = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
    const from = to - 30 * MINUTE;
    fake.spot.omitKline('BTCUSDT', MINUTE, from + 10 * MINUTE);
    fake.spot.omitKline('BTCUSDT', MINUTE, from + 11 * MINUTE);
    const summary = await syncKlines(
      client,
      { instrument: 'binance:BTCUSDT', timeframe: '1m', from, to, lastStoredStart: null },
      () => {},
    );
    expect(summary.bars).toBe(28);
    expect(summary.discontinuities).toEqual([
      {
        instrument: 'binance:BTCUSDT',
        timeframe: '1m',
        expectedStart: from + 10 * MINUTE,
        actualStart: from + 12 * MINUTE,
        missingBars: 2,
      },
    ]);
  });

  it('leaves out the bar that is still open', async () => {
    await setup();
    const bars = await recentKlineBars(client, 'binance:ETHUSDT', '1m', 5);
    const currentStart = Math.floor(Date.now() / MINUTE) * MINUTE;
    expect(bars).toHaveLength(5);
    expect(bars.at(-1)!.start).toBeLessThan(currentStart);
  });

  it('delta sync downloads only what is after the last stored bar; a second run downloads nothing', async () => {
    await setup();
    const to = Math.floor(Date.now() / MINUTE) * MINUTE;
    const from = to - 3 * DAY;
    const stored: Bar[] = [];
    const range = { instrument: 'binance:BTCUSDT', timeframe: '1m' as const, from, to };
    const first = await syncKlines(
      client,
      { ...range, lastStoredStart: null },
      (page) => void stored.push(...page.bars),
    );
    expect(first.bars).toBe(3 * 1_440);
    const requestsAfterFirst = fake.spot.rest.requests.length;
    const second = await syncKlines(
      client,
      { ...range, lastStoredStart: stored.at(-1)!.start },
      (page) => void stored.push(...page.bars),
    );
    expect(second.bars).toBe(0);
    expect(fake.spot.rest.requests.length).toBe(requestsAfterFirst);
    expect(new Set(stored.map((bar) => bar.start)).size).toBe(stored.length);
  });

  it('resumes an interrupted sync from the last stored bar without gaps or repeats', async () => {
    await setup();
    const to = Math.floor(Date.now() / MINUTE) * MINUTE - 5 * MINUTE;
    const from = to - 2_200 * MINUTE;
    const stored: Bar[] = [];
    const range = { instrument: 'binance:BTCUSDT', timeframe: '1m' as const, from, to };
    await expect(
      syncKlines(client, { ...range, lastStoredStart: null }, (page) => {
        stored.push(...page.bars);
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(stored).toHaveLength(1_000);
    await syncKlines(
      client,
      { ...range, lastStoredStart: stored.at(-1)!.start },
      (page) => void stored.push(...page.bars),
    );
    expect(stored).toHaveLength(2_200);
    expect(stored.every((bar, i) => i === 0 || bar.start === stored[i - 1].start + MINUTE)).toBe(true);
  });

  it('computes the delta-sync start', () => {
    expect(deltaSyncStart(null, 90_001, '1m')).toBe(120_000);
    expect(deltaSyncStart(600_000, 0, '1m')).toBe(660_000);
    expect(deltaSyncStart(60_000, 600_000, '1m')).toBe(600_000);
  });

  it('refuses a timeframe the venue has no klines for', async () => {
    await setup('binance-futures');
    const pages = fetchKlineBars(client, { instrument: 'binance-futures:BTCUSDT', timeframe: '1s', from: 0 });
    await expect(pages.next()).rejects.toThrow(/timeframe 1s has no klines on binance-futures; allowed: 1m/);
  });
});
