// The state of one streamed instrument: its trade sequencer, the gaps it records, its catch-up
// over REST after a restart or a reconnect, and the timing figures health shows (feed lag, event
// lag, last trade). It is also the target a GapFiller delivers recovered trades to.
import type { InstrumentId, Tick } from '../../domain/index.js';
import { TradeSequencer, type SequencerOptions } from './gap-detector.js';
import type { FillTarget, MissingRange } from './gap-filler.js';
import type { FillMethod, GapLog } from './gap-log.js';
import type { Logger } from '../../domain/logger.js';

export interface InstrumentFeedContext {
  gapLog: GapLog;
  logger: Logger;
  emit(ticks: Tick[]): void;
  now(): number;
}

export class InstrumentFeed implements FillTarget {
  readonly sequencer: TradeSequencer;
  removed = false;
  lastTradeTs: number | null = null;
  feedLagMs: number | null = null;
  eventLagMs: number | null = null;
  filling = false;
  fillFailures = 0;
  nextFillAt = 0;
  gapsDetected = 0;
  filledTrades = 0;
  /** Fetch everything after the last id over REST (restart, or a reconnect of a quiet symbol). */
  private catchUp: boolean;
  /** First id of the catch-up range, recorded as a gap once its end is known. */
  private catchUpFrom: number | null;
  private reconnectedAt: number | null = null;

  constructor(
    readonly instrument: InstrumentId,
    readonly symbol: string,
    readonly stream: string,
    lastTradeId: number | null,
    sequencerOptions: Partial<SequencerOptions>,
    private readonly context: InstrumentFeedContext,
  ) {
    this.sequencer = new TradeSequencer(lastTradeId, sequencerOptions);
    this.catchUp = lastTradeId !== null;
    this.catchUpFrom = lastTradeId === null ? null : lastTradeId + 1;
  }

  get catchingUp(): boolean {
    return this.catchUp;
  }

  onLiveTrade(tick: Tick, eventTime: number, receivedAt: number): void {
    this.feedLagMs = receivedAt - tick.ts;
    this.eventLagMs = receivedAt - eventTime;
    this.lastTradeTs = Math.max(this.lastTradeTs ?? tick.ts, tick.ts);
    this.reconnectedAt = null;
    // A live trade bounds the catch-up: the ids before it are an ordinary gap from now on.
    if (this.catchUpFrom !== null) this.recordCatchUp(tick.id - 1, 'historicalTrades');
    this.catchUp = false;
    this.accept([tick], 'live', receivedAt);
  }

  /** A USD-M print that never reaches bars: its id still moves the sequence on. */
  onExcludedTrade(id: number, receivedAt: number): void {
    this.emitWithFills(this.sequencer.accept({ id, ts: null, tick: null }, receivedAt), 'live');
  }

  /** The live stream came back: a quiet symbol may have traded while it was down. */
  onReconnected(now: number): void {
    if (this.sequencer.lastId !== null && !this.catchUp) this.reconnectedAt = now;
  }

  /** Periodic work: report gaps, release trades held too long, start reconnect catch-ups. */
  housekeep(now: number, reconnectCatchUpMs: number): void {
    const { gapLog, logger } = this.context;
    for (const gap of this.sequencer.detectGaps(now)) {
      if (gapLog.record(this.instrument, gap, now) === null) continue;
      this.gapsDetected++;
      logger.warn(
        { instrument: this.instrument, fromId: gap.fromId, toId: gap.toId, trades: gap.toId - gap.fromId + 1 },
        'binance: trade-id gap detected',
      );
    }
    if (this.sequencer.shouldRelease(now, this.filling)) {
      const { ticks, holes } = this.sequencer.release();
      for (const hole of holes) if (gapLog.record(this.instrument, hole, now) !== null) this.gapsDetected++;
      logger.warn(
        { instrument: this.instrument, released: ticks.length, holes: holes.length },
        'binance: gap not filled in time, releasing later trades; the gap fills late',
      );
      this.context.emit(ticks);
    }
    if (this.reconnectedAt !== null && now - this.reconnectedAt >= reconnectCatchUpMs) {
      this.reconnectedAt = null;
      const lastId = this.sequencer.lastId;
      if (lastId !== null && !this.catchUp) {
        this.catchUp = true;
        this.catchUpFrom = lastId + 1;
      }
    }
  }

  /** The open-ended catch-up reached the newest trade REST has. */
  finishCatchUp(method: FillMethod): void {
    if (this.catchUpFrom !== null) this.recordCatchUp(this.sequencer.lastId ?? this.catchUpFrom - 1, method);
    this.catchUp = false;
  }

  nextMissing(): MissingRange | null {
    return this.removed ? null : this.sequencer.nextMissing(this.catchUp);
  }

  deliver(ticks: Tick[], method: FillMethod): void {
    if (!this.removed) this.accept(ticks, method, this.context.now());
  }

  skip(fromId: number, toId: number): void {
    if (this.removed) return;
    this.context.gapLog.noteSkipped(this.instrument, fromId, toId, this.context.now());
    this.context.emit(this.sequencer.skip(fromId, toId));
  }

  private accept(ticks: Tick[], method: FillMethod, now: number): void {
    const out: Tick[] = [];
    for (const tick of ticks) {
      for (const ready of this.sequencer.accept({ id: tick.id, ts: tick.ts, tick }, now)) out.push(ready);
    }
    if (method !== 'live') {
      // Recovered ticks only; trades held behind the gap are released with them.
      const recovered = new Set(ticks);
      for (const tick of out) if (recovered.has(tick)) this.filledTrades++;
    }
    this.emitWithFills(out, method);
  }

  private emitWithFills(out: Tick[], method: FillMethod): void {
    if (out.length === 0) return;
    const { gapLog } = this.context;
    if (gapLog.hasOpen(this.instrument)) {
      const now = this.context.now();
      for (const tick of out) gapLog.noteFilled(this.instrument, tick.id, method, now);
    }
    this.context.emit(out);
  }

  private recordCatchUp(upTo: number, method: FillMethod): void {
    const from = this.catchUpFrom!;
    this.catchUpFrom = null;
    if (upTo < from) return;
    const now = this.context.now();
    const record = this.context.gapLog.record(
      this.instrument,
      { fromId: from, toId: upTo, fromTs: null, toTs: null },
      now,
    );
    if (record === null) return;
    this.gapsDetected++;
    const done = Math.min(this.sequencer.lastId ?? from - 1, upTo) - from + 1;
    this.context.gapLog.noteFilledCount(record, done, method, now);
    this.context.logger.info(
      { instrument: this.instrument, fromId: from, toId: upTo, filled: done },
      'binance: catching up on trades missed while away',
    );
  }
}
