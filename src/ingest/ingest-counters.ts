// Counters of the ingestion path, with a ticks/s rate over a short trailing window.

export interface IngestCountersSnapshot {
  messages: number;
  ticks: number;
  ticksPerSec: number;
  duplicates: number;
  lateTicks: number;
  /** Messages that were not trades (other streams, subscription replies); skipped. */
  skipped: number;
  errors: number;
  /** Trades refused because the store's buffer of unwritten rows was full (its writes failing). */
  refusedTicks: number;
  /** Epoch ms ingestion paused for a full store buffer; null while it takes trades. */
  pausedSince: number | null;
}

const RATE_WINDOW_MS = 5_000;
const SAMPLE_EVERY_MS = 250;

export class IngestCounters {
  messages = 0;
  ticks = 0;
  duplicates = 0;
  lateTicks = 0;
  skipped = 0;
  errors = 0;
  refusedTicks = 0;
  pausedSince: number | null = null;
  private readonly samples: Array<{ at: number; ticks: number }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts accepted ticks and samples the total a few times a second for the rate. */
  addTicks(count: number): void {
    this.ticks += count;
    const at = this.now();
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && at - last.at < SAMPLE_EVERY_MS) return;
    this.samples.push({ at, ticks: this.ticks });
    while (this.samples.length > 2 && at - this.samples[1].at >= RATE_WINDOW_MS) this.samples.shift();
  }

  /** Rate of accepted ticks over the last few seconds. */
  ticksPerSec(): number {
    const at = this.now();
    while (this.samples.length > 1 && at - this.samples[1].at >= RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    if (first === undefined) return 0;
    const elapsed = Math.max(at - first.at, SAMPLE_EVERY_MS);
    return ((this.ticks - first.ticks) * 1000) / elapsed;
  }

  snapshot(): IngestCountersSnapshot {
    return {
      messages: this.messages,
      ticks: this.ticks,
      ticksPerSec: Math.round(this.ticksPerSec() * 10) / 10,
      duplicates: this.duplicates,
      lateTicks: this.lateTicks,
      skipped: this.skipped,
      errors: this.errors,
      refusedTicks: this.refusedTicks,
      pausedSince: this.pausedSince,
    };
  }
}
