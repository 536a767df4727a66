// Recorded Binance stream files as a live TickSource: the trades of `replayFrames` delivered in
// batches as fast as the consumer takes them, so that a capture can drive the same pipeline,
// server and dashboard as the exchange. Between batches the source yields to the event loop, so
// `stop()` takes effect before the next one. A restart passes `resumeFrom` (the last trade id
// delivered per instrument) and continues after it without repeating a trade.
import { access, constants } from 'node:fs/promises';
import type { InstrumentId, Tick } from '../../domain/index.js';
import type { BinanceVenue } from '../binance/endpoints.js';
import type { SourceCounters, StreamStatus, TickSource } from '../source.js';
import { replayFrames } from './replay-frames.js';

export interface ReplaySourceOptions {
  files: readonly string[];
  venue: BinanceVenue;
  /** Last trade id per instrument delivered by an earlier run: trades up to it are skipped. */
  resumeFrom?: ReadonlyMap<InstrumentId, number>;
  /** Trades per delivered batch. Default 1,000. */
  batchSize?: number;
}

export interface ReplaySourceCounters extends SourceCounters {
  /**
   * Trades whose id is not above the last one delivered for their instrument: repeated in the
   * capture (across a reconnect) or delivered before a restart.
   */
  duplicates: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ReplaySource implements TickSource {
  readonly kind = 'replay' as const;
  readonly simulated = false;
  /** Last trade id read per instrument, for de-duplication (delivered or in the pending batch). */
  private readonly lastRead = new Map<InstrumentId, number>();
  private readonly lastDelivered = new Map<InstrumentId, Tick>();
  private readonly resumeFrom: ReadonlyMap<InstrumentId, number>;
  private readonly counts: ReplaySourceCounters = { messages: 0, errors: 0, duplicates: 0 };
  private running: Promise<void> | null = null;
  private stopping = false;
  private failure: unknown = null;

  constructor(private readonly options: ReplaySourceOptions) {
    this.resumeFrom = options.resumeFrom ?? new Map();
  }

  /** The instruments delivered so far (a capture names its instruments only as it is read). */
  instruments(): InstrumentId[] {
    return [...this.lastDelivered.keys()];
  }

  /** Starts reading; a file that cannot be read rejects here, not later. */
  async start(onTicks: (ticks: Tick[]) => void): Promise<void> {
    if (this.running !== null) throw new Error('this replay source was already started; create a new one to resume');
    await Promise.all(this.options.files.map((file) => access(file, constants.R_OK)));
    this.running = this.replay(onTicks).catch((error: unknown) => {
      this.failure = error;
    });
  }

  /**
   * Ends the replay after the batch being delivered and resolves once no tick will follow;
   * rejects with the error that ended the replay early, if one did.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    if (this.failure !== null) throw this.failure;
  }

  counters(): ReplaySourceCounters {
    return { ...this.counts };
  }

  streams(): StreamStatus[] {
    return [...this.lastDelivered.values()].map((tick) => ({
      instrument: tick.instrument,
      connected: this.running !== null && !this.stopping,
      lastTradeId: tick.id,
      lastTradeTs: tick.ts,
      feedLagMs: null,
    }));
  }

  private async replay(onTicks: (ticks: Tick[]) => void): Promise<void> {
    const batchSize = this.options.batchSize ?? 1_000;
    const frames = replayFrames(this.options.files, this.options.venue);
    let batch: Tick[] = [];
    try {
      for await (const { frame } of frames) {
        if (this.stopping) return;
        this.counts.messages++;
        if (frame.kind === 'error') this.counts.errors++;
        if (frame.kind !== 'trade') continue;
        const tick = frame.tick;
        const last = this.lastRead.get(tick.instrument) ?? this.resumeFrom.get(tick.instrument) ?? -1;
        if (tick.id <= last) {
          this.counts.duplicates++;
          continue;
        }
        this.lastRead.set(tick.instrument, tick.id);
        batch.push(tick);
        if (batch.length >= batchSize) {
          this.deliver(batch, onTicks);
          batch = [];
          await yieldToEventLoop();
        }
      }
      if (batch.length > 0 && !this.stopping) this.deliver(batch, onTicks);
    } finally {
      await frames.return(undefined);
    }
  }

  private deliver(batch: Tick[], onTicks: (ticks: Tick[]) => void): void {
    for (const tick of batch) this.lastDelivered.set(tick.instrument, tick);
    onTicks(batch);
  }
}
