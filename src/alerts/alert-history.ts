// The event history: events and their delivery updates are buffered (newest state per event) and
// written in batches off the hot path — new events as plain inserts, later states as upserts —
// and reads flush first, so a query sees every event fired before it. Retention deletes events older than
// `retentionDays` and beyond `maxEvents`.
import type { AlertEvent } from './alert-event.js';
import type { AlertEventQuery, AlertStore, StoredAlertEvent } from './alert-store.js';
import type { Logger } from '../domain/logger.js';

export interface RetentionOptions {
  /** Events older than this are deleted. Default 30. */
  retentionDays?: number;
  /** At most this many events are kept, the newest. Default 100,000. */
  maxEvents?: number;
  /** How often retention runs. Default hourly. */
  pruneIntervalMs?: number;
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
  /** Events not written yet, and newer states of events already written (or being written). */
  private pendingNew = new Map<string, StoredAlertEvent>();
  private pendingUpdates = new Map<string, StoredAlertEvent>();
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  readonly retentionDays: number;
  readonly maxEvents: number;

  constructor(
    private readonly store: AlertStore,
    private readonly options: RetentionOptions & { flushMs?: number; now?: () => number; logger?: Logger } = {},
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

  /** Records a new event (`isNew`) or a newer state of a recorded one (its delivery). */
  record(event: AlertEvent, isNew: boolean): void {
    const row = storedEvent(event);
    if (isNew || this.pendingNew.has(event.id)) this.pendingNew.set(event.id, row);
    else this.pendingUpdates.set(event.id, row);
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 200);
  }

  /** Writes everything recorded so far. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingNew.size > 0 || this.pendingUpdates.size > 0) {
      const inserts = [...this.pendingNew.values()];
      const updates = [...this.pendingUpdates.values()];
      this.pendingNew = new Map();
      this.pendingUpdates = new Map();
      this.writing = this.writing.then(async () => {
        try {
          await this.store.insertAlertEvents(inserts);
        } catch (error) {
          this.keep(error, inserts);
        }
        try {
          await this.store.saveAlertEvents(updates);
        } catch (error) {
          this.keep(error, updates);
        }
      });
    }
    return this.writing;
  }

  async query(query: AlertEventQuery): Promise<AlertEvent[]> {
    await this.flush();
    return (await this.store.readAlertEvents(query)) as AlertEvent[];
  }

  async get(id: string): Promise<AlertEvent | undefined> {
    const pending = this.pendingUpdates.get(id) ?? this.pendingNew.get(id);
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

  /** A failed write: its rows go again with the next flush, as upserts (some may have been written). */
  private keep(error: unknown, rows: StoredAlertEvent[]): void {
    if (rows.length === 0) return;
    this.options.logger?.error(
      { err: error, events: rows.length },
      'writing alert events failed; they are kept for the next flush',
    );
    for (const row of rows) if (!this.pendingUpdates.has(row.id)) this.pendingUpdates.set(row.id, row);
    this.timer ??= setTimeout(() => void this.flush(), 1_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.flush();
  }
}
