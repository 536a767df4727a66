// The event history: events and their delivery updates are buffered (newest state per event) and
// written in batches off the hot path; reads flush first, so a query sees every event fired
// before it. Retention deletes events older than `retentionDays` and beyond `maxEvents`.
import type { AlertEvent } from './alert-event.js';
import type { AlertEventQuery, AlertStore, StoredAlertEvent } from './alert-store.js';

export interface RetentionOptions {
  /** Events older than this are deleted. Default 30. */
  retentionDays?: number;
  /** At most this many events are kept, the newest. Default 100,000. */
  maxEvents?: number;
  /** How often retention runs. Default hourly. */
  pruneIntervalMs?: number;
}

export interface HistoryLogger {
  error(obj: object, msg?: string): void;
}

export function storedEvent(event: AlertEvent): StoredAlertEvent {
  return {
    id: event.id,
    ruleId: event.ruleId,
    severity: event.severity,
    firedAt: event.firedAt,
    webhookStatus: event.delivery.webhook?.status ?? null,
    event,
  };
}

export class AlertHistory {
  private pending = new Map<string, StoredAlertEvent>();
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  readonly retentionDays: number;
  readonly maxEvents: number;

  constructor(
    private readonly store: AlertStore,
    private readonly options: RetentionOptions & { flushMs?: number; now?: () => number; logger?: HistoryLogger } = {},
  ) {
    this.retentionDays = options.retentionDays ?? 30;
    this.maxEvents = options.maxEvents ?? 100_000;
  }

  /** Prunes once now and then every `pruneIntervalMs`. */
  async start(): Promise<void> {
    await this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), this.options.pruneIntervalMs ?? 3_600_000);
    this.pruneTimer.unref();
  }

  /** Records a new event or a newer state of one (its delivery). */
  record(event: AlertEvent): void {
    this.pending.set(event.id, storedEvent(event));
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 200);
  }

  /** Writes everything recorded so far. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      this.writing = this.writing.then(() =>
        this.store.saveAlertEvents(batch).catch((error: unknown) => {
          this.options.logger?.error({ err: error, events: batch.length }, 'writing alert events failed; they are kept for the next flush');
          for (const row of batch) if (!this.pending.has(row.id)) this.pending.set(row.id, row);
          this.timer ??= setTimeout(() => void this.flush(), 1_000);
        }),
      );
    }
    return this.writing;
  }

  async query(query: AlertEventQuery): Promise<AlertEvent[]> {
    await this.flush();
    return (await this.store.readAlertEvents(query)) as AlertEvent[];
  }

  async get(id: string): Promise<AlertEvent | undefined> {
    const pending = this.pending.get(id);
    if (pending !== undefined) return pending.event as AlertEvent;
    return (await this.store.readAlertEvent(id)) as AlertEvent | undefined;
  }

  async prune(now = (this.options.now ?? Date.now)()): Promise<number> {
    try {
      await this.flush();
      return await this.store.pruneAlertEvents({ before: now - this.retentionDays * 86_400_000, keep: this.maxEvents });
    } catch (error) {
      this.options.logger?.error({ err: error }, 'pruning alert events failed');
      return 0;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.flush();
  }
}
