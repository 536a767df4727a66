// What the alert engine needs from the store, stated here so that the alerts depend only on the
// domain: rules and events are kept as JSON documents next to the few columns that queries filter
// on. The DuckDB store implements it (structurally); MemoryAlertStore serves tests and benches.

export interface StoredAlertRule {
  id: string;
  /** The rule definition (AlertRule), JSON-serialisable. */
  rule: unknown;
  /** The evaluator's state (RuleRuntimeState), JSON-serialisable. */
  state: unknown;
}

export interface StoredAlertEvent {
  id: string;
  ruleId: string;
  severity: string;
  /** Epoch ms. */
  firedAt: number;
  /** Webhook delivery status, null without a webhook. */
  webhookStatus: string | null;
  /** The whole AlertEvent, JSON-serialisable. */
  event: unknown;
}

export interface AlertEventQuery {
  /** Inclusive lower bound on firedAt, epoch ms. */
  from?: number;
  /** Exclusive upper bound on firedAt, epoch ms. */
  to?: number;
  severities?: readonly string[];
  ruleId?: string;
  webhookStatus?: string;
  /** Most events, newest first. */
  limit: number;
}

export interface AlertStore {
  loadAlertRules(): Promise<StoredAlertRule[]>;
  /** Inserts or replaces by id. */
  saveAlertRules(rules: readonly StoredAlertRule[]): Promise<void>;
  /** Replaces the evaluator state of stored rules (ids not stored are ignored). */
  saveAlertRuleStates(states: ReadonlyArray<{ id: string; state: unknown }>): Promise<void>;
  deleteAlertRule(id: string): Promise<boolean>;
  /** Inserts events that are not stored yet (cheaper than an upsert: nothing to replace). */
  insertAlertEvents(events: readonly StoredAlertEvent[]): Promise<void>;
  /** Inserts or replaces by id (a newer delivery state of stored events). */
  saveAlertEvents(events: readonly StoredAlertEvent[]): Promise<void>;
  /** Events newest first (by firedAt, then id). */
  readAlertEvents(query: AlertEventQuery): Promise<unknown[]>;
  readAlertEvent(id: string): Promise<unknown | undefined>;
  /** Deletes events fired before `before` and all but the newest `keep`; returns how many were deleted. */
  pruneAlertEvents(retention: { before: number; keep: number }): Promise<number>;
}
