// Bars from Binance REST klines around the live stream: closed history at start so that a new
// user sees charts at once, and a repair of the first live bar of every timeframe, which began
// before the stream connected and so lacks its earliest trades; the kline is the exchange's own
// bar for that bucket (docs/binance-protocol.md#klines-as-the-reference-bar).
import type { Bus } from '../bus/bus.js';
import { TIMEFRAME_MS, type Bar, type InstrumentId, type Timeframe } from '../domain/index.js';
import type { Logger } from '../domain/logger.js';
import { fetchKlineBars, recentKlineBars } from '../sources/binance/kline-backfill.js';
import type { BinanceRestClient } from '../sources/binance/rest-client.js';
import type { Store } from '../store/store.js';

export function historyTimeframes(venue: 'binance' | 'binance-futures'): Timeframe[] {
  // USD-M has no 1s klines.
  return venue === 'binance' ? ['1s', '1m', '5m', '15m', '1h', '4h', '1d'] : ['1m', '5m', '15m', '1h', '4h', '1d'];
}

/** Stores the last `count` closed bars of every timeframe that are not stored yet. */
export async function backfillRecentHistory(
  client: BinanceRestClient,
  store: Store,
  instrument: InstrumentId,
  timeframes: readonly Timeframe[],
  count: number,
  logger: Logger,
): Promise<number> {
  let stored = 0;
  for (const timeframe of timeframes) {
    try {
      const latest = await store.readBars({ instrument, timeframe, limit: 1 });
      const bars = await recentKlineBars(client, instrument, timeframe, count);
      const fresh = latest.length === 0 ? bars : bars.filter((b) => b.start > latest[0].start);
      store.upsertBars(fresh);
      stored += fresh.length;
    } catch (error) {
      logger.warn(
        { err: error, instrument, timeframe },
        'kline history could not be loaded; charts start with live data',
      );
    }
  }
  await store.flush();
  return stored;
}

/**
 * The repair waits this long after the close: the close is when every consumer of the bar (the
 * analytics, alerts, the /ws clients) is served, and a REST request started in that turn costs
 * ~8 ms there (undici's fetch setup); the kline check is not urgent.
 */
const REPAIR_DELAY_MS = 500;

/**
 * Replaces the first closed live bar of each (instrument, timeframe) with the exchange's kline
 * for that bucket, and publishes it as amended.
 */
export function repairFirstLiveBars(
  client: BinanceRestClient,
  store: Store,
  bus: Bus,
  timeframes: readonly Timeframe[],
  logger: Logger,
): () => void {
  const repaired = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const repair = async (bar: Bar) => {
    try {
      const size = TIMEFRAME_MS[bar.timeframe];
      for await (const page of fetchKlineBars(client, {
        instrument: bar.instrument,
        timeframe: bar.timeframe,
        from: bar.start,
        to: bar.start + size,
      })) {
        const kline = page.bars.find((b) => b.start === bar.start);
        if (kline === undefined) continue;
        store.upsertBars([kline]);
        bus.publish('bar', { bar: kline, closed: true, amended: true });
      }
    } catch (error) {
      logger.warn(
        { err: error, instrument: bar.instrument, timeframe: bar.timeframe, start: bar.start },
        'first live bar could not be checked against its kline',
      );
    }
  };
  const unsubscribe = bus.subscribe('bar', ({ bar, amended }) => {
    const key = `${bar.instrument}|${bar.timeframe}`;
    if (amended || repaired.has(key) || !timeframes.includes(bar.timeframe)) return;
    repaired.add(key);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void repair(bar);
    }, REPAIR_DELAY_MS);
    timers.add(timer);
  });
  return () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
