import { describe, expect, it } from 'vitest';
import type { Health } from '../api/types.ts';
import { healthRates } from './health-rates.ts';

function health(messages: number, lastTradeId: number | null, startedAt = 1): Health {
  return {
    status: 'ok',
    uptimeSec: 1,
    startedAt,
    source: { kind: 'binance', simulated: false },
    ingest: { messages, ticks: messages, ticksPerSec: 0, duplicates: 0, lateTicks: 0, skipped: 0, errors: 0 },
    store: { pendingTicks: 0, pendingBars: 0, flushes: 0, writtenTicks: 0, writtenBars: 0, fileBytes: null },
    streams: [{ instrument: 'binance:BTCUSDT', connected: true, lastTradeId, lastTradeTs: null, feedLagMs: null }],
    gaps: { detected: 0, filled: 0, open: 0, missingTrades: 0 },
  };
}

describe('healthRates', () => {
  it('derives messages/s and per-stream trades/s from two snapshots', () => {
    const rates = healthRates(
      { health: health(100, 1_000), receivedAt: 0 },
      { health: health(300, 1_500), receivedAt: 2_000 },
    );
    expect(rates.messagesPerSec).toBe(100);
    expect(rates.tradesPerSecByStream.get('binance:BTCUSDT')).toBe(250);
  });

  it('says nothing across a server restart or without a previous snapshot', () => {
    expect(healthRates(null, { health: health(1, 1), receivedAt: 0 }).messagesPerSec).toBeNull();
    const restarted = healthRates(
      { health: health(500, 9), receivedAt: 0 },
      { health: health(3, 1, 2), receivedAt: 1_000 },
    );
    expect(restarted.messagesPerSec).toBeNull();
    expect(restarted.tradesPerSecByStream.size).toBe(0);
  });
});
