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
}

const RATE_WINDOW_MS = 5_000;

export class IngestCounters {
  messages = 0;
  ticks = 0;
  duplicates = 0;
  lateTicks = 0;
  skipped = 0;
  errors = 0;
  private readonly samples: Array<{ at: number; ticks: number }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Rate of accepted ticks over the last few seconds. */
  ticksPerSec(): number {
    const at = this.now();
    this.samples.push({ at, ticks: this.ticks });
    while (this.samples.length > 2 && at - this.samples[1].at >= RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const elapsed = at - first.at;
    return elapsed > 0 ? ((this.ticks - first.ticks) * 1000) / elapsed : 0;
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
    };
  }
}
