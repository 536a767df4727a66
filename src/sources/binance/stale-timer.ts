// Decides when a connection has gone silent. A fixed timeout is either too long for BTCUSDT (many
// trades a second) or too short for an illiquid symbol, so the timeout follows the observed trade
// rate of the streams a connection carries: a silence of `multiplier` expected gaps of their
// combined flow, within [minMs, maxMs].

export interface StaleOptions {
  /** Never declare a connection stale sooner than this. */
  minMs: number;
  /** Always declare it stale after this much silence (also used before any rate is known). */
  maxMs: number;
  /** Silence, in expected inter-trade gaps, that counts as stale. */
  multiplier: number;
}

export const DEFAULT_STALE_OPTIONS: StaleOptions = { minMs: 5_000, maxMs: 180_000, multiplier: 30 };

/** Weight of the newest gap in the moving average: slow enough to ride out bursts. */
const ALPHA = 0.05;

interface StreamRate {
  lastAt: number;
  meanGapMs: number | null;
}

export class StaleTimer {
  private readonly rates = new Map<string, StreamRate>();

  constructor(readonly options: StaleOptions = DEFAULT_STALE_OPTIONS) {}

  /** A message arrived on `stream` at `now`. */
  note(stream: string, now: number): void {
    const rate = this.rates.get(stream);
    if (rate === undefined) {
      this.rates.set(stream, { lastAt: now, meanGapMs: null });
      return;
    }
    const gap = Math.max(0, now - rate.lastAt);
    rate.meanGapMs = rate.meanGapMs === null ? gap : rate.meanGapMs + ALPHA * (gap - rate.meanGapMs);
    rate.lastAt = now;
  }

  forget(stream: string): void {
    this.rates.delete(stream);
  }

  /** When the last message of a stream arrived, null when none has. */
  lastMessageAt(stream: string): number | null {
    return this.rates.get(stream)?.lastAt ?? null;
  }

  /** Mean gap between messages of a stream, ms, once two have been seen. */
  meanGapMs(stream: string): number | null {
    return this.rates.get(stream)?.meanGapMs ?? null;
  }

  /** Silence after which a connection carrying `streams` is stale. */
  timeoutMs(streams: Iterable<string>): number {
    let ratePerMs = 0;
    for (const stream of streams) {
      const gap = this.rates.get(stream)?.meanGapMs;
      if (gap !== null && gap !== undefined) ratePerMs += 1 / Math.max(gap, 1);
    }
    const { minMs, maxMs, multiplier } = this.options;
    if (ratePerMs === 0) return maxMs;
    return Math.min(maxMs, Math.max(minMs, multiplier / ratePerMs));
  }
}
