// An AlertStore in memory, with the same ordering and retention semantics as the DuckDB tables;
// for tests, benchmarks and processes that do not keep alerts.
import type { AlertEventQuery, AlertStore, StoredAlertEvent, StoredAlertRule } from './alert-store.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class MemoryAlertStore implements AlertStore {
  readonly rules = new Map<string, StoredAlertRule>();
  readonly events = new Map<string, StoredAlertEvent>();

  async loadAlertRules(): Promise<StoredAlertRule[]> {
    return [...this.rules.values()].map(clone);
  }

  async saveAlertRules(rules: readonly StoredAlertRule[]): Promise<void> {
    for (const rule of rules) this.rules.set(rule.id, clone(rule));
  }

  async saveAlertRuleStates(states: ReadonlyArray<{ id: string; state: unknown }>): Promise<void> {
    for (const { id, state } of states) {
      const stored = this.rules.get(id);
      if (stored !== undefined) stored.state = clone(state);
    }
  }

  async deleteAlertRule(id: string): Promise<boolean> {
    return this.rules.delete(id);
  }

  async insertAlertEvents(events: readonly StoredAlertEvent[]): Promise<void> {
    for (const event of events) {
      if (this.events.has(event.id)) throw new Error(`alert event ${event.id} is already stored`);
    }
    await this.saveAlertEvents(events);
  }

  async saveAlertEvents(events: readonly StoredAlertEvent[]): Promise<void> {
    for (const event of events) this.events.set(event.id, clone(event));
  }

  async readAlertEvents(query: AlertEventQuery): Promise<unknown[]> {
    return this.sorted()
      .filter(
        (e) =>
          (query.from === undefined || e.firedAt >= query.from) &&
          (query.to === undefined || e.firedAt < query.to) &&
          (query.severities === undefined || query.severities.includes(e.severity)) &&
          (query.ruleId === undefined || e.ruleId === query.ruleId) &&
          (query.webhookStatus === undefined || e.webhookStatus === query.webhookStatus),
      )
      .slice(0, query.limit)
      .map((e) => clone(e.event));
  }

  async readAlertEvent(id: string): Promise<unknown | undefined> {
    const stored = this.events.get(id);
    return stored === undefined ? undefined : clone(stored.event);
  }

  async pruneAlertEvents({ before, keep }: { before: number; keep: number }): Promise<number> {
    let deleted = 0;
    this.sorted().forEach((e, rank) => {
      if (e.firedAt < before || rank >= keep) {
        this.events.delete(e.id);
        deleted++;
      }
    });
    return deleted;
  }

  private sorted(): StoredAlertEvent[] {
    return [...this.events.values()].sort((a, b) => b.firedAt - a.firedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }
}
