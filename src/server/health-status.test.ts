import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_THRESHOLDS, deriveHealth, silenceLimitMs, type HealthInputs } from './health-status.js';

const NOW = 1_700_000_000_000;

function inputs(overrides: Partial<HealthInputs> = {}): HealthInputs {
  return {
    now: NOW,
    store: {
      pendingTicks: 10,
      pendingBars: 2,
      maxPendingRows: 1_000,
      oldestPendingAt: NOW - 100,
      failedFlushes: 0,
      failingSince: null,
      lastError: null,
    },
    ingest: { refusedTicks: 0, pausedSince: null },
    sourceStreaming: true,
    streams: [
      { instrument: 'binance:BTCUSDT', connected: true, lastMessageAt: NOW - 50, expectedGapMs: 100 },
      { instrument: 'binance:ETHUSDT', connected: true, lastMessageAt: NOW - 900, expectedGapMs: 300 },
    ],
    gaps: { open: 0, missingTrades: 0 },
    webhooks: { failingAttempts: 0, failingSince: null, failed: 0, lastError: null },
    ...overrides,
  };
}

const codes = (input: HealthInputs) => deriveHealth(input).reasons.map((reason) => reason.code);

describe('deriveHealth', () => {
  it('is ok with no reasons when everything is written and every stream talks at its pace', () => {
    expect(deriveHealth(inputs())).toEqual({ status: 'ok', reasons: [] });
  });

  it('fails while store writes fail, naming the error and since when', () => {
    const health = deriveHealth(
      inputs({
        store: {
          ...inputs().store,
          failedFlushes: 4,
          failingSince: NOW - 1_500,
          lastError: 'Could not write file "x.wal": No space left on device\nmore',
        },
      }),
    );
    expect(health.status).toBe('failing');
    expect(health.reasons).toEqual([
      {
        code: 'store_write_failing',
        severity: 'failing',
        message: 'store writes fail (4 failed flushes in all): Could not write file "x.wal": No space left on device',
        since: NOW - 1_500,
        details: { failedFlushes: 4, lastError: 'Could not write file "x.wal": No space left on device\nmore' },
      },
    ]);
  });

  it('fails while ingestion is paused for a full store buffer, saying how many trades were refused', () => {
    const health = deriveHealth(
      inputs({
        store: { ...inputs().store, pendingTicks: 999, pendingBars: 1, oldestPendingAt: NOW - 1_000 },
        ingest: { refusedTicks: 5_000, pausedSince: NOW - 1_000 },
      }),
    );
    expect(health.status).toBe('failing');
    const paused = health.reasons.find((reason) => reason.code === 'ingestion_paused')!;
    expect(paused).toMatchObject({ severity: 'failing', since: NOW - 1_000 });
    expect(paused.message).toContain('1000 of 1000 rows unwritten');
    expect(paused.message).toContain('5000 refused so far');
  });

  it('is degraded when the store is behind, by the age of the oldest unwritten row or by their number', () => {
    const old = inputs({ store: { ...inputs().store, oldestPendingAt: NOW - 6_000 } });
    expect(deriveHealth(old).status).toBe('degraded');
    expect(codes(old)).toEqual(['store_behind']);
    const many = inputs({ store: { ...inputs().store, pendingTicks: 501, pendingBars: 0 } });
    expect(codes(many)).toEqual(['store_behind']);
    const justUnder = inputs({
      store: { ...inputs().store, pendingTicks: 500, pendingBars: 0, oldestPendingAt: NOW - 5_000 },
    });
    expect(codes(justUnder)).toEqual([]);
  });

  it('says a stream is silent from the time since its last message, not from its last trade', () => {
    // A 6 s stall of BTCUSDT, which sends every 100 ms: health must not say ok through it.
    const stalled = inputs({
      streams: [
        { instrument: 'binance:BTCUSDT', connected: true, lastMessageAt: NOW - 6_000, expectedGapMs: 100 },
        { instrument: 'binance:ETHUSDT', connected: true, lastMessageAt: NOW - 100, expectedGapMs: 300 },
      ],
    });
    const health = deriveHealth(stalled);
    expect(health.status).toBe('degraded');
    expect(health.reasons).toEqual([
      expect.objectContaining({
        code: 'feed_silent',
        severity: 'degraded',
        since: NOW - 6_000,
        message: '1 of 2 streams silent longer than expected: binance:BTCUSDT 6 s (limit 3 s)',
      }),
    ]);
  });

  it('fails when every stream is silent or disconnected: no data arrives at all', () => {
    const dead = inputs({
      streams: [
        { instrument: 'binance:BTCUSDT', connected: true, lastMessageAt: NOW - 25_000, expectedGapMs: 100 },
        { instrument: 'binance:ETHUSDT', connected: false, lastMessageAt: NOW - 25_000, expectedGapMs: 300 },
      ],
    });
    const health = deriveHealth(dead);
    expect(health.status).toBe('failing');
    expect(health.reasons.map((r) => [r.code, r.severity])).toEqual([
      ['feed_disconnected', 'failing'],
      ['feed_silent', 'failing'],
    ]);
  });

  it('gives a quiet symbol the room its own pace needs, within the bounds', () => {
    const t = DEFAULT_HEALTH_THRESHOLDS;
    expect(silenceLimitMs(100, t)).toBe(t.minSilenceMs);
    expect(silenceLimitMs(2_000, t)).toBe(20_000);
    expect(silenceLimitMs(60_000, t)).toBe(t.maxSilenceMs);
    expect(silenceLimitMs(null, t)).toBe(t.maxSilenceMs);
    const quiet = inputs({
      streams: [{ instrument: 'binance:XYZUSDT', connected: true, lastMessageAt: NOW - 15_000, expectedGapMs: 2_000 }],
    });
    expect(codes(quiet)).toEqual([]);
  });

  it('says nothing of feeds while the source is connecting or there is none', () => {
    const connecting = inputs({
      sourceStreaming: false,
      streams: [{ instrument: 'binance:BTCUSDT', connected: false, lastMessageAt: null, expectedGapMs: null }],
    });
    expect(deriveHealth(connecting)).toEqual({ status: 'ok', reasons: [] });
  });

  it('lists the first silent streams and counts the rest', () => {
    const streams = Array.from({ length: 8 }, (_, i) => ({
      instrument: `binance:S${i}USDT`,
      connected: true,
      lastMessageAt: NOW - 10_000,
      expectedGapMs: 100,
    }));
    streams.push({ instrument: 'binance:BTCUSDT', connected: true, lastMessageAt: NOW, expectedGapMs: 100 });
    const reason = deriveHealth(inputs({ streams })).reasons[0];
    expect(reason.message).toMatch(/^8 of 9 streams silent .*S4USDT 10 s \(limit 3 s\) and 3 more$/);
  });

  it('is degraded while trade-id gaps are open', () => {
    const health = deriveHealth(inputs({ gaps: { open: 2, missingTrades: 40 } }));
    expect(health).toEqual({
      status: 'degraded',
      reasons: [
        {
          code: 'gaps_open',
          severity: 'degraded',
          message: '2 trade-id gaps open, 40 trades not recovered yet',
          details: { open: 2, missingTrades: 40 },
        },
      ],
    });
  });

  it('is degraded while webhook deliveries fail, until one succeeds', () => {
    const failing = inputs({
      webhooks: { failingAttempts: 3, failingSince: NOW - 9_000, failed: 1, lastError: 'HTTP 500' },
    });
    expect(deriveHealth(failing).status).toBe('degraded');
    expect(deriveHealth(failing).reasons[0]).toMatchObject({
      code: 'webhook_failing',
      since: NOW - 9_000,
      message: expect.stringContaining('HTTP 500'),
    });
    const recovered = inputs({
      webhooks: { failingAttempts: 0, failingSince: null, failed: 1, lastError: 'HTTP 500' },
    });
    expect(deriveHealth(recovered).status).toBe('ok');
  });

  it('is failing when a failing reason comes with degraded ones', () => {
    const both = inputs({
      gaps: { open: 1, missingTrades: 3 },
      store: { ...inputs().store, failingSince: NOW - 10, failedFlushes: 1, lastError: 'disk full' },
    });
    expect(deriveHealth(both).status).toBe('failing');
    expect(codes(both)).toEqual(['store_write_failing', 'gaps_open']);
  });
});
