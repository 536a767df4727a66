// Per-instrument trade-id high-water marks. Ticks carry no primary key in the database (an
// index would slow appends tenfold), so duplicates are dropped here instead: a tick is kept if
// its id is above every id accepted in this process and stored before it started, or if it
// falls in a gap this process skipped over (Binance ids are consecutive, so a jump is a gap
// that a REST backfill may fill later; the ingest pipeline lets such trades through, and so
// must the store). The stored mark is loaded lazily, the first time an instrument is seen.
import { TradeIdGaps, type InstrumentId } from '../../domain/index.js';

const NONE = Number.NEGATIVE_INFINITY;

export interface TradeIdMark {
  readonly instrument: InstrumentId;
  /** Small integer naming the instrument inside the write path (see the tick writer). */
  readonly code: number;
  /** Highest id accepted into the buffer or known stored; -Infinity when none. */
  lastId: number;
  /** First id accepted in this process, -Infinity when none. */
  firstId: number;
  /** Id ranges above the stored mark that nothing has written yet. */
  gaps: TradeIdGaps | null;
  /** Highest id known to be in the database; valid once `loaded`. */
  storedLastId: number | null;
  loaded: boolean;
  loading: Promise<void> | null;
}

/** True when `id` (a safe integer) was never written for the instrument; records it as written. */
export function acceptTradeId(mark: TradeIdMark, id: number): boolean {
  const last = mark.lastId;
  if (id > last) {
    if (last === NONE) mark.firstId = id;
    else if (id > last + 1) addGap(mark, last + 1, id - 1);
    mark.lastId = id;
    return true;
  }
  return mark.gaps?.take(id) ?? false;
}

function addGap(mark: TradeIdMark, from: number, to: number): void {
  (mark.gaps ??= new TradeIdGaps()).add(from, to);
}

export type StoredLastIdLoader = (instrument: InstrumentId) => Promise<number | null>;

/** Called when a loaded stored mark shows that buffered ticks up to `maxId` may be stored already. */
export type StaleTicksHandler = (code: number, maxId: number) => void;

export class TradeIdMarks {
  private readonly byInstrument = new Map<InstrumentId, TradeIdMark>();
  private readonly byCode: TradeIdMark[] = [];
  private readonly names: InstrumentId[] = [];
  private unloaded = 0;

  constructor(
    private readonly loadStoredLastId: StoredLastIdLoader,
    private readonly onStaleTicks: StaleTicksHandler,
  ) {}

  /** The mark of `instrument`, created (and its stored id requested) on first sight. */
  get(instrument: InstrumentId): TradeIdMark {
    let mark = this.byInstrument.get(instrument);
    if (mark === undefined) {
      mark = {
        instrument,
        code: this.byCode.length,
        lastId: NONE,
        firstId: NONE,
        gaps: null,
        storedLastId: null,
        loaded: false,
        loading: null,
      };
      this.byInstrument.set(instrument, mark);
      this.byCode.push(mark);
      this.names.push(instrument);
      this.unloaded++;
      this.load(mark).catch(() => {
        // Reported by whoever awaits the mark (a flush or lastTradeId), which also retries.
      });
    }
    return mark;
  }

  /** Number of instruments seen; codes are 0 … count-1. */
  get count(): number {
    return this.byCode.length;
  }

  /** True when every instrument seen has its stored mark: its buffered ticks are final. */
  get allLoaded(): boolean {
    return this.unloaded === 0;
  }

  /** Instrument ids indexed by code. */
  get instruments(): readonly InstrumentId[] {
    return this.names;
  }

  /** Resolves once the stored id of `mark` is known. */
  load(mark: TradeIdMark): Promise<void> {
    if (mark.loaded) return Promise.resolve();
    mark.loading ??= this.loadStoredLastId(mark.instrument).then(
      (stored) => {
        mark.loading = null;
        mark.loaded = true;
        this.unloaded--;
        mark.storedLastId = stored;
        if (stored !== null) this.applyStoredMark(mark, stored);
      },
      (error: unknown) => {
        mark.loading = null;
        throw error;
      },
    );
    return mark.loading;
  }

  /** Reconciles what this process accepted before the stored mark was known with that mark. */
  private applyStoredMark(mark: TradeIdMark, stored: number): void {
    if (mark.lastId === NONE) {
      mark.lastId = stored;
      return;
    }
    if (mark.firstId > stored + 1) {
      // Trades between the stored ones and the first one seen here are missing, not written.
      (mark.gaps ??= new TradeIdGaps()).addOldest(stored + 1, mark.firstId - 1);
    } else {
      // Cannot tell which of these were written by an earlier run: treat them as duplicates.
      mark.gaps?.forgetUpTo(stored);
      this.onStaleTicks(mark.code, stored);
    }
    if (stored > mark.lastId) mark.lastId = stored;
  }

  /** Resolves once every mark seen so far is loaded (including ones seen while waiting). */
  async loadAll(): Promise<void> {
    while (!this.allLoaded) {
      await Promise.all(this.byCode.filter((mark) => !mark.loaded).map((mark) => this.load(mark)));
    }
  }

  /** Highest accepted id of every instrument, to be recorded as stored once a flush commits. */
  snapshotLastIds(): Array<[TradeIdMark, number]> {
    return this.byCode.map((mark) => [mark, mark.lastId]);
  }

  /** Records that everything up to the snapshot is now stored. */
  markStored(snapshot: ReadonlyArray<[TradeIdMark, number]>): void {
    for (const [mark, lastId] of snapshot) {
      if (lastId === NONE) continue;
      if (mark.storedLastId === null || lastId > mark.storedLastId) mark.storedLastId = lastId;
    }
  }
}
