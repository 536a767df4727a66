// The record of every trade-id gap: what was missing (ids and exchange times), when it was
// detected, how and how far it was filled. This is what `/api/v1/gaps` and health show.
import type { InstrumentId } from '../../domain/index.js';
import type { DetectedGap } from './gap-detector.js';

export type FillMethod = 'historicalTrades' | 'aggTrades' | 'live';

export interface GapRecord {
  instrument: InstrumentId;
  fromId: number;
  toId: number;
  /** Exchange time of the last trade before the gap (ms), if known. */
  fromTs: number | null;
  /** Exchange time of the first trade after the gap (ms), if known. */
  toTs: number | null;
  /** True once every id in the range was delivered or found not to be a trade. */
  filled: boolean;
  filledCount: number;
  /** Ids Binance does not serve as trades (USD-M insurance-fund/ADL prints, beyond REST history). */
  skippedCount: number;
  /** How the trades were recovered; the last method used wins. */
  method: FillMethod | null;
  detectedAt: number;
  filledAt: number | null;
  /** Last fill error, cleared once filled. */
  error: string | null;
}

export class GapLog {
  private readonly byInstrument = new Map<InstrumentId, GapRecord[]>();
  private readonly order: GapRecord[] = [];
  private readonly open = new Map<InstrumentId, number>();
  private recorded = 0;
  private filledTotal = 0;

  constructor(
    private readonly maxRecords = 10_000,
    private readonly onChange: (record: GapRecord) => void = () => {},
  ) {}

  /** Records a gap unless its range is already recorded; returns the new record. */
  record(instrument: InstrumentId, gap: DetectedGap, now: number): GapRecord | null {
    const list = this.listOf(instrument);
    const overlapping = list.find((r) => r.fromId <= gap.toId && r.toId >= gap.fromId);
    if (overlapping !== undefined) return null;
    const record: GapRecord = {
      instrument,
      fromId: gap.fromId,
      toId: gap.toId,
      fromTs: gap.fromTs,
      toTs: gap.toTs,
      filled: false,
      filledCount: 0,
      skippedCount: 0,
      method: null,
      detectedAt: now,
      filledAt: null,
      error: null,
    };
    let at = list.length;
    while (at > 0 && list[at - 1].fromId > record.fromId) at--;
    list.splice(at, 0, record);
    this.order.push(record);
    this.recorded++;
    this.open.set(instrument, (this.open.get(instrument) ?? 0) + 1);
    while (this.order.length > this.maxRecords) {
      const oldest = this.order.shift()!;
      const own = this.listOf(oldest.instrument);
      own.splice(own.indexOf(oldest), 1);
      if (!oldest.filled) this.open.set(oldest.instrument, (this.open.get(oldest.instrument) ?? 1) - 1);
    }
    this.onChange(record);
    return record;
  }

  /** True when the instrument has gaps that are not completely filled. */
  hasOpen(instrument: InstrumentId): boolean {
    return (this.open.get(instrument) ?? 0) > 0;
  }

  /** Gaps of the instrument not completely filled. */
  openCount(instrument: InstrumentId): number {
    return this.open.get(instrument) ?? 0;
  }

  /** Gaps recorded (including those forgotten beyond the size limit) and how many of them were filled. */
  totals(): { recorded: number; filled: number } {
    return { recorded: this.recorded, filled: this.filledTotal };
  }

  /** Counts a recovered trade against the gap that contains its id, if any. */
  noteFilled(instrument: InstrumentId, id: number, method: FillMethod, now: number): void {
    const record = this.find(instrument, id);
    if (record === undefined || record.filled) return;
    record.filledCount++;
    record.method = method;
    this.settle(record, now);
  }

  /** Counts `count` recovered trades against one record (a restart catch-up credited at once). */
  noteFilledCount(record: GapRecord, count: number, method: FillMethod, now: number): void {
    if (record.filled || count <= 0) return;
    record.filledCount += count;
    record.method = method;
    this.settle(record, now);
  }

  /** Counts ids found not to be trades against the gaps that contain them. */
  noteSkipped(instrument: InstrumentId, fromId: number, toId: number, now: number): void {
    for (const record of this.byInstrument.get(instrument) ?? []) {
      if (record.filled || record.toId < fromId || record.fromId > toId) continue;
      record.skippedCount += Math.min(record.toId, toId) - Math.max(record.fromId, fromId) + 1;
      this.settle(record, now);
    }
  }

  /** Notes a failed fill attempt on the open gaps of an instrument. */
  noteError(instrument: InstrumentId, message: string): void {
    for (const record of this.byInstrument.get(instrument) ?? []) {
      if (record.filled || record.error === message) continue;
      record.error = message;
      this.onChange(record);
    }
  }

  /** Copies of all records, oldest detection first. */
  all(): GapRecord[] {
    return this.order.map((record) => ({ ...record }));
  }

  private settle(record: GapRecord, now: number): void {
    if (record.filledCount + record.skippedCount >= record.toId - record.fromId + 1) {
      record.filled = true;
      this.filledTotal++;
      record.filledAt = now;
      record.error = null;
      this.open.set(record.instrument, (this.open.get(record.instrument) ?? 1) - 1);
      this.onChange(record);
    }
  }

  private find(instrument: InstrumentId, id: number): GapRecord | undefined {
    const list = this.byInstrument.get(instrument);
    if (list === undefined) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const record = list[mid];
      if (id < record.fromId) hi = mid - 1;
      else if (id > record.toId) lo = mid + 1;
      else return record;
    }
    return undefined;
  }

  private listOf(instrument: InstrumentId): GapRecord[] {
    let list = this.byInstrument.get(instrument);
    if (list === undefined) this.byInstrument.set(instrument, (list = []));
    return list;
  }
}
