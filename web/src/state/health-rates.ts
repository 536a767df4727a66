// Rates the health document does not carry, derived from two consecutive snapshots: messages per
// second overall and trades per second per stream (Binance trade ids are consecutive, so the
// growth of the last trade id counts the trades, including any the feed missed).
import type { Health } from '../api/types.ts';

export interface HealthRates {
  messagesPerSec: number | null;
  tradesPerSecByStream: ReadonlyMap<string, number>;
}

export interface TimedHealth {
  health: Health;
  receivedAt: number;
}

export function healthRates(previous: TimedHealth | null, current: TimedHealth): HealthRates {
  const seconds = previous ? (current.receivedAt - previous.receivedAt) / 1000 : 0;
  const tradesPerSecByStream = new Map<string, number>();
  if (!previous || seconds <= 0 || previous.health.startedAt !== current.health.startedAt) {
    return { messagesPerSec: null, tradesPerSecByStream };
  }
  for (const stream of current.health.streams) {
    const before = previous.health.streams.find((candidate) => candidate.instrument === stream.instrument);
    if (before?.lastTradeId != null && stream.lastTradeId != null && stream.lastTradeId >= before.lastTradeId) {
      tradesPerSecByStream.set(stream.instrument, (stream.lastTradeId - before.lastTradeId) / seconds);
    }
  }
  const messages = current.health.ingest.messages - previous.health.ingest.messages;
  return { messagesPerSec: messages >= 0 ? messages / seconds : null, tradesPerSecByStream };
}
