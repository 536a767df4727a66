import { describe, expect, it } from 'vitest';
import type { Health } from '../api/types.ts';
import { HealthRateTracker, healthRates, type TimedHealth, tradesPerSecOf } from './health-rates.ts';

interface Sample {
  messages: number;
  lastTradeId: number | null;
  /** Server uptime when the snapshot was written, ms. */
  at: number;
  /** When the browser got it, ms; defaults to `at`. */
  receivedAt?: number;
  startedAt?: number;
  ticksPerSec?: number;
}

function health({ messages, lastTradeId, at, startedAt = 1, ticksPerSec = 0 }: Sample): Health {
  return {
    status: 'ok',
    reasons: [],
    uptimeSec: at / 1000,
    startedAt,
    source: { kind: 'binance', simulated: false, state: 'live', since: 0, fallbackInMs: null, history: null },
    ingest: {
      messages,
      ticks: messages,
      ticksPerSec,
      duplicates: 0,
      lateTicks: 0,
      skipped: 0,
      errors: 0,
      refusedTicks: 0,
      pausedSince: null,
    },
    store: {
      pendingTicks: 0,
      pendingBars: 0,
      flushes: 0,
      writtenTicks: 0,
      writtenBars: 0,
      fileBytes: null,
      maxPendingRows: 500_000,
      oldestPendingAt: null,
      failedFlushes: 0,
      failingSince: null,
      lastError: null,
      reopens: 0,
    },
    streams: [{ instrument: 'binance:BTCUSDT', connected: true, lastTradeId, lastTradeTs: null, feedLagMs: null }],
    gaps: { detected: 0, filled: 0, open: 0, missingTrades: 0 },
    sync: null,
  };
}

function timed(sample: Sample): TimedHealth {
  return { health: health(sample), receivedAt: sample.receivedAt ?? sample.at };
}

describe('healthRates', () => {
  it('derives messages/s and per-stream trades/s from two snapshots', () => {
    const rates = healthRates(
      timed({ messages: 100, lastTradeId: 1_000, at: 0 }),
      timed({ messages: 300, lastTradeId: 1_500, at: 2_000 }),
    );
    expect(rates.messagesPerSec).toBe(100);
    expect(rates.tradesPerSecByStream.get('binance:BTCUSDT')).toBe(250);
  });

  it("times the interval by the server's uptime, not by when the snapshots arrived", () => {
    // The first answer queued 900 ms behind a busy server: by arrival time the rate would read 200/s.
    const rates = healthRates(
      timed({ messages: 0, lastTradeId: 0, at: 0, receivedAt: 900 }),
      timed({ messages: 20, lastTradeId: 20, at: 1_000, receivedAt: 1_000 }),
    );
    expect(rates.tradesPerSecByStream.get('binance:BTCUSDT')).toBe(20);
  });

  it('says nothing across a server restart or without a previous snapshot', () => {
    expect(healthRates(null, timed({ messages: 1, lastTradeId: 1, at: 0 })).messagesPerSec).toBeNull();
    const restarted = healthRates(
      timed({ messages: 500, lastTradeId: 9, at: 60_000 }),
      timed({ messages: 3, lastTradeId: 1, at: 1_000, startedAt: 2 }),
    );
    expect(restarted.messagesPerSec).toBeNull();
    expect(restarted.tradesPerSecByStream.size).toBe(0);
  });
});

describe('HealthRateTracker', () => {
  it("has a messages rate from the first snapshot (the server's ticks/s) and stream rates from the next", () => {
    const tracker = new HealthRateTracker();
    const first = tracker.add(timed({ messages: 90_000, lastTradeId: 5, at: 10_000, ticksPerSec: 42 }));
    expect(first.messagesPerSec).toBe(42);
    expect(first.tradesPerSecByStream.size).toBe(0);
    const next = tracker.add(timed({ messages: 90_040, lastTradeId: 25, at: 11_000, ticksPerSec: 42 }));
    expect(next.messagesPerSec).toBe(40);
    expect(next.tradesPerSecByStream.get('binance:BTCUSDT')).toBe(20);
  });

  it('measures over the last five seconds, so an uneven push does not swing the rate', () => {
    const tracker = new HealthRateTracker();
    let id = 0;
    tracker.add(timed({ messages: 0, lastTradeId: id, at: 0 }));
    for (let second = 1; second <= 8; second++) {
      id += second === 4 ? 60 : 20; // a burst of 60 trades in second 4
      tracker.add(timed({ messages: id, lastTradeId: id, at: second * 1_000 }));
    }
    id += 20;
    const rates = tracker.add(timed({ messages: id, lastTradeId: id, at: 9_000 }));
    // Seconds 5 to 9 (the burst has left the window): 20/s.
    expect(rates.tradesPerSecByStream.get('binance:BTCUSDT')).toBe(20);
  });

  it('does not measure over the few milliseconds between the REST snapshot and the push after it', () => {
    const tracker = new HealthRateTracker();
    tracker.add(timed({ messages: 0, lastTradeId: 0, at: 0, ticksPerSec: 18 }));
    const close = tracker.add(timed({ messages: 1, lastTradeId: 1, at: 100, ticksPerSec: 18 }));
    expect(close).toEqual({ messagesPerSec: 18, tradesPerSecByStream: new Map() });
    const later = tracker.add(timed({ messages: 20, lastTradeId: 20, at: 1_000 }));
    expect(later.tradesPerSecByStream.get('binance:BTCUSDT')).toBe(20);
  });

  it('starts over when the server restarts', () => {
    const tracker = new HealthRateTracker();
    tracker.add(timed({ messages: 500, lastTradeId: 900, at: 60_000 }));
    const restarted = tracker.add(timed({ messages: 3, lastTradeId: 1, at: 1_000, startedAt: 2, ticksPerSec: 7 }));
    expect(restarted).toEqual({ messagesPerSec: 7, tradesPerSecByStream: new Map() });
  });
});

describe('tradesPerSecOf', () => {
  const current = health({ messages: 0, lastTradeId: 10, at: 0 });
  const rates = { messagesPerSec: 0, tradesPerSecByStream: new Map([['binance:BTCUSDT', 19.5]]) };

  it("is the instrument's stream rate", () => {
    expect(tradesPerSecOf('binance:BTCUSDT', current, rates)).toBe(19.5);
  });

  it('is 0 for an instrument no stream feeds, and unknown before the health or the rate', () => {
    expect(tradesPerSecOf('sim:AAA', current, rates)).toBe(0);
    expect(tradesPerSecOf('binance:BTCUSDT', undefined, undefined)).toBeNull();
    expect(
      tradesPerSecOf('binance:BTCUSDT', current, { messagesPerSec: 0, tradesPerSecByStream: new Map() }),
    ).toBeNull();
  });
});
