// Gap records of the live source, kept in the store (batched: gaps can change many times a
// second during a fill) so that /api/v1/gaps still shows them after a restart.
import type { GapRecord } from '../sources/binance/gap-log.js';
import type { Store } from '../store/store.js';

type SettingsStore = Pick<Store, 'getSetting' | 'setSetting'>;

/** The trade-id gaps found by the live source, as the server reads them. */
export interface GapLedger {
  /** Newest first. */
  list(): GapRecord[];
  summary(): { detected: number; filled: number; open: number; missingTrades: number };
}

const KEY = 'gaps';
const KEEP = 5_000;
const SAVE_INTERVAL_MS = 2_000;

export class GapRecords implements GapLedger {
  private readonly records = new Map<string, GapRecord>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly store: SettingsStore) {}

  static async open(store: SettingsStore): Promise<GapRecords> {
    const gaps = new GapRecords(store);
    const stored = await store.getSetting<GapRecord[]>(KEY);
    for (const record of stored ?? []) gaps.records.set(GapRecords.keyOf(record), record);
    gaps.timer = setInterval(() => void gaps.save(), SAVE_INTERVAL_MS);
    return gaps;
  }

  private static keyOf(record: GapRecord): string {
    return `${record.instrument}|${record.fromId}`;
  }

  update(record: GapRecord): void {
    const key = GapRecords.keyOf(record);
    this.records.delete(key);
    this.records.set(key, { ...record });
    while (this.records.size > KEEP) this.records.delete(this.records.keys().next().value as string);
    this.dirty = true;
  }

  /** Newest first. */
  list(): GapRecord[] {
    return [...this.records.values()].sort((a, b) => b.detectedAt - a.detectedAt);
  }

  summary() {
    let open = 0;
    let filled = 0;
    let missingTrades = 0;
    for (const r of this.records.values()) {
      if (r.filled) filled++;
      else {
        open++;
        missingTrades += r.toId - r.fromId + 1 - r.filledCount - r.skippedCount;
      }
    }
    return { detected: this.records.size, filled, open, missingTrades };
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await this.store.setSetting(KEY, [...this.records.values()]);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.save();
  }
}
