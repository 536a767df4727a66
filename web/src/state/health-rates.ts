// Rates the health document does not carry, derived from the snapshots of the last few seconds:
// messages per second overall and trades per second per stream. Trade ids are consecutive per
// instrument (Binance's and the simulator's), so the growth of a stream's last trade id counts the
// trades the server took in, whatever the browser was sent or had time to draw; both the Live view's
// Trades/s and the Status view read these, so they agree. Time is the server's (its uptime when it
// wrote the snapshot), not the arrival time: a REST answer that queued behind a busy server, or a
// push that waited in a socket buffer, would otherwise stretch or squeeze the interval.
import type { Health } from '../api/types.ts';

export interface HealthRates {
  messagesPerSec: number | null;
  tradesPerSecByStream: ReadonlyMap<string, number>;
}

export interface TimedHealth {
  health: Health;
  receivedAt: number;
}

/** Span the rates are measured over: a few status pushes, so one late push does not make them jump. */
export const RATE_WINDOW_MS = 5_000;
/** Below this span two snapshots (the REST one and the push right after it) say too little. */
const MIN_SPAN_MS = 500;

/** Server seconds between two snapshots of the same server run. */
function secondsBetween(previous: TimedHealth, current: TimedHealth): number {
  return current.health.uptimeSec - previous.health.uptimeSec;
}

export function healthRates(previous: TimedHealth | null, current: TimedHealth): HealthRates {
  const seconds = previous ? secondsBetween(previous, current) : 0;
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

/**
 * Rates over the last `RATE_WINDOW_MS` of snapshots, from the first one on: with a single snapshot
 * the server's own trailing ticks/s stands in for messages/s (a since-start average would be swollen
 * by the history written at start), and streams have no rate until a second snapshot arrives.
 */
export class HealthRateTracker {
  private snapshots: TimedHealth[] = [];
  private latest: HealthRates | null = null;

  add(current: TimedHealth): HealthRates {
    const last = this.snapshots.at(-1);
    if (last && (last.health.startedAt !== current.health.startedAt || secondsBetween(last, current) < 0)) {
      this.snapshots = [];
      this.latest = null;
    }
    this.snapshots.push(current);
    // Keep one snapshot at or before the window's start, so the window is spanned.
    while (this.snapshots.length > 2 && secondsBetween(this.snapshots[1], current) * 1000 >= RATE_WINDOW_MS) {
      this.snapshots.shift();
    }
    const oldest = this.snapshots[0];
    if (secondsBetween(oldest, current) * 1000 < MIN_SPAN_MS) {
      return this.latest ?? { messagesPerSec: current.health.ingest.ticksPerSec, tradesPerSecByStream: new Map() };
    }
    this.latest = healthRates(oldest, current);
    return this.latest;
  }
}

/**
 * Trades per second of one instrument: its stream's rate, 0 when the server streams no such
 * instrument (a replayed or stored one), null while the rate is not known yet.
 */
export function tradesPerSecOf(
  instrument: string,
  health: Health | undefined,
  rates: HealthRates | undefined,
): number | null {
  if (!health || !rates) return null;
  if (!health.streams.some((stream) => stream.instrument === instrument)) return 0;
  return rates.tradesPerSecByStream.get(instrument) ?? null;
}
