// The alert engine of one process: the rules (created, edited and deleted at runtime, persisted
// with their evaluator state), the evaluator fed by the bus's `metric` topic, and what happens
// when a rule fires — the event is published on the bus's `alert` topic at once (the WebSocket
// gateway pushes it on the `alerts` channel), recorded in the history, and handed to the webhook
// notifier when the rule asks for it. Rule changes and delivery updates are published there too.
import { randomUUID } from 'node:crypto';
import type { AlertBusMessage, MetricMessage, MetricUpdate } from '../domain/index.js';
import type { AlertEvent } from './alert-event.js';
import { AlertHistory, type RetentionOptions } from './alert-history.js';
import type { AlertMessage } from './alert-schemas.js';
import type { AlertEventQuery, AlertStore } from './alert-store.js';
import { isLevelOperator } from './condition.js';
import { WebhookNotifier, type WebhookOptions } from './delivery/webhook-notifier.js';
import { AlertEvaluator, effectiveBand, type RuleEntry } from './evaluator.js';
import { findMetric } from './metrics.js';
import {
  EMPTY_RUNTIME_STATE,
  ruleStatus,
  targetKind,
  type AlertRule,
  type AlertRuleView,
  type RuleRuntimeState,
} from './rule.js';
import { resolveRuleInput, type RuleInput, type RuleValidationContext } from './rule-validation.js';
import type { Logger } from '../domain/logger.js';

/** The engine's side of the bus: metric updates in, alert messages out. */
export interface AlertBus {
  subscribe(topic: 'metric', handler: (message: MetricMessage) => void): () => void;
  publish(topic: 'alert', message: AlertBusMessage): void;
}

export interface AlertEngineOptions {
  store: AlertStore;
  bus: AlertBus;
  /** Clients of the `alerts` channel in this process, recorded with each event; 0 when not given. */
  alertSubscribers?(): number;
  /** Canonical `venue:SYMBOL` for an instrument given with or without venue; throws with a reason. */
  resolveInstrument(id: string): string;
  /** Ids (`x/y:timeframe`) of the live pairs; rules may only target these. Omitted: not checked. */
  livePairIds?(): string[];
  now?: () => number;
  logger?: Logger;
  /** See EvaluatorOptions.staleAfterMs. */
  staleAfterMs?: number;
  webhook?: WebhookOptions;
  retention?: RetentionOptions;
  /** How often rules are checked for expiry when their series is quiet. Default 1 s. */
  expirySweepMs?: number;
  /** How often changed rule states are written (and at stop). Default 5 s. */
  stateFlushMs?: number;
}

interface RuleRecord {
  rule: AlertRule;
  state: RuleRuntimeState;
}

/** Fields whose change makes the old evaluator state meaningless. */
const CONDITION_FIELDS = ['target', 'timeframe', 'metric', 'operator', 'threshold', 'band'] as const;

export class AlertEngine {
  readonly webhooks: WebhookNotifier;
  readonly history: AlertHistory;
  private readonly evaluator: AlertEvaluator;
  private readonly rules = new Map<string, RuleRecord>();
  private readonly dirty = new Set<string>();
  private readonly listeners = new Set<(event: AlertEvent) => void>();
  private readonly now: () => number;
  /** Serialises rule writes so that the stored rows follow the order of the changes. */
  private writes: Promise<unknown> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private unsubscribeMetrics: (() => void) | undefined;
  /** Creation times are kept strictly increasing so that they order the rules. */
  private lastCreatedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AlertEngineOptions) {
    this.now = options.now ?? Date.now;
    this.history = new AlertHistory(options.store, { ...options.retention, now: this.now, logger: options.logger });
    this.webhooks = new WebhookNotifier(
      { now: this.now, ...options.webhook },
      (event) => this.onDeliveryUpdate(event),
      options.logger,
    );
    this.evaluator = new AlertEvaluator(
      {
        fire: (entry, value, previous, barStart, now) => this.fire(entry, value, previous, barStart, now),
        stateChanged: (entry) => this.dirty.add(entry.rule.id),
        expired: (entry, now) => this.markExpired(entry.rule.id, now),
      },
      { now: this.now, staleAfterMs: options.staleAfterMs },
    );
  }

  /** Loads the stored rules, applies retention, resumes webhook deliveries left pending and subscribes to metrics. */
  async start(): Promise<void> {
    const now = this.now();
    for (const row of await this.options.store.loadAlertRules()) {
      const record: RuleRecord = {
        rule: row.rule as AlertRule,
        state: { ...EMPTY_RUNTIME_STATE, ...(row.state as Partial<RuleRuntimeState>) },
      };
      this.rules.set(record.rule.id, record);
      this.lastCreatedAt = Math.max(this.lastCreatedAt, record.rule.createdAt);
      if (record.rule.expiredAt === null && record.rule.expiresAt !== null && record.rule.expiresAt <= now)
        this.markExpired(record.rule.id, now);
      else this.activate(record);
    }
    await this.history.start();
    const pending = (await this.options.store.readAlertEvents({
      webhookStatus: 'pending',
      limit: 10_000,
    })) as AlertEvent[];
    for (const event of pending) this.webhooks.enqueue(event);
    this.timers = [
      setInterval(() => this.evaluator.expireDue(), this.options.expirySweepMs ?? 1_000),
      setInterval(() => void this.flushStates(), this.options.stateFlushMs ?? 5_000),
    ];
    for (const timer of this.timers) timer.unref();
    this.unsubscribeMetrics = this.options.bus.subscribe('metric', ({ update }) => this.onMetricUpdate(update));
    this.options.logger?.info(
      { rules: this.rules.size, active: this.evaluator.size, resumedWebhooks: pending.length },
      'alert engine started',
    );
  }

  readonly onMetricUpdate = (update: MetricUpdate): void => this.evaluator.onUpdate(update);

  /** In-process listeners of fired events (after the WebSocket push). */
  onEvent(listener: (event: AlertEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get allowPrivateWebhooks(): boolean {
    return this.webhooks.allowPrivate;
  }

  listRules(): AlertRuleView[] {
    return [...this.rules.values()]
      .sort((a, b) => a.rule.createdAt - b.rule.createdAt || (a.rule.id < b.rule.id ? -1 : 1))
      .map((record) => this.view(record));
  }

  getRule(id: string): AlertRuleView | undefined {
    const record = this.rules.get(id);
    return record === undefined ? undefined : this.view(record);
  }

  /** Validates and stores a new rule; throws RuleValidationError naming the field. */
  async createRule(input: RuleInput): Promise<AlertRuleView> {
    const now = this.now();
    const definition = await resolveRuleInput(input, null, this.validationContext(now));
    const createdAt = (this.lastCreatedAt = Math.max(now, this.lastCreatedAt + 1));
    const rule: AlertRule = { id: randomUUID(), ...definition, createdAt, updatedAt: createdAt, expiredAt: null };
    const record: RuleRecord = { rule, state: { ...EMPTY_RUNTIME_STATE } };
    await this.write(() => this.options.store.saveAlertRules([{ id: rule.id, rule, state: record.state }]));
    this.rules.set(rule.id, record);
    this.activate(record);
    this.publishRule(record);
    return this.view(record);
  }

  /** Applies a partial change; undefined when there is no such rule. */
  async updateRule(id: string, patch: RuleInput): Promise<AlertRuleView | undefined> {
    const existing = this.rules.get(id);
    if (existing === undefined) return undefined;
    const now = this.now();
    const definition = await resolveRuleInput(patch, existing.rule, this.validationContext(now));
    const current = this.rules.get(id);
    if (current === undefined) return undefined; // deleted while the webhook URL was being checked
    const stillExpired =
      current.rule.expiredAt !== null && definition.expiresAt !== null && definition.expiresAt <= now;
    const rule: AlertRule = {
      ...current.rule,
      ...definition,
      updatedAt: now,
      expiredAt: stillExpired ? current.rule.expiredAt : null,
    };
    const conditionChanged = CONDITION_FIELDS.some((f) => JSON.stringify(rule[f]) !== JSON.stringify(current.rule[f]));
    const state: RuleRuntimeState = conditionChanged
      ? { ...current.state, latched: null, lastValue: null, lastBarStart: null }
      : current.state;
    const record: RuleRecord = { rule, state };
    await this.write(() => this.options.store.saveAlertRules([{ id, rule, state }]));
    if (!this.rules.has(id)) return undefined;
    this.rules.set(id, record);
    this.activate(record);
    this.publishRule(record);
    return this.view(record);
  }

  async deleteRule(id: string): Promise<boolean> {
    if (!this.rules.has(id)) return false;
    this.evaluator.remove(id);
    this.rules.delete(id);
    this.dirty.delete(id);
    await this.write(() => this.options.store.deleteAlertRule(id));
    this.announce({ channel: 'alerts', type: 'rule_deleted', data: { id } });
    return true;
  }

  queryEvents(query: AlertEventQuery): Promise<AlertEvent[]> {
    return this.history.query(query);
  }

  getEvent(id: string): Promise<AlertEvent | undefined> {
    return this.history.get(id);
  }

  /** Stops evaluating and delivering, and writes everything pending. */
  async stop(): Promise<void> {
    this.unsubscribeMetrics?.();
    this.unsubscribeMetrics = undefined;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.webhooks.stop();
    // Every rule's last bar, so that a restart does not evaluate bars it has already seen.
    for (const id of this.rules.keys()) this.dirty.add(id);
    await this.flushStates();
    await this.history.stop();
  }

  /** Writes the rule states changed since the last flush. */
  flushStates(): Promise<unknown> {
    if (this.dirty.size === 0) return this.writes;
    const ids = [...this.dirty];
    this.dirty.clear();
    return this.write(async () => {
      const rows = ids.flatMap((id) => {
        const record = this.rules.get(id);
        return record === undefined ? [] : [{ id, state: this.syncState(record) }];
      });
      await this.options.store.saveAlertRuleStates(rows);
    }).catch((error: unknown) => {
      for (const id of ids) this.dirty.add(id);
      this.options.logger?.error({ err: error }, 'saving alert rule states failed; retrying');
    });
  }

  private validationContext(now: number): RuleValidationContext {
    return {
      now,
      resolveInstrument: this.options.resolveInstrument,
      livePairIds: this.options.livePairIds,
      checkWebhookUrl: (url) => this.webhooks.checkUrl(url),
    };
  }

  private write<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task, task);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Evaluates the rule when it is enabled and not expired; stops evaluating it otherwise. */
  private activate(record: RuleRecord): void {
    if (ruleStatus(record.rule) !== 'active') {
      this.evaluator.remove(record.rule.id);
      return;
    }
    try {
      this.evaluator.add(record.rule, record.state);
    } catch (error) {
      this.options.logger?.warn(
        { err: error, ruleId: record.rule.id },
        'alert rule cannot be evaluated; it stays listed but never fires',
      );
    }
  }

  private markExpired(id: string, now: number): void {
    const record = this.rules.get(id);
    if (record === undefined || record.rule.expiredAt !== null) return;
    this.evaluator.remove(id);
    record.rule = { ...record.rule, expiredAt: now };
    const { rule, state } = record;
    this.write(() => this.options.store.saveAlertRules([{ id, rule, state }])).catch((error: unknown) =>
      this.options.logger?.error({ err: error, ruleId: id }, 'saving an expired alert rule failed'),
    );
    this.publishRule(record);
  }

  private fire(entry: RuleEntry, value: number, previousValue: number | null, barStart: number, now: number): void {
    const { rule } = entry;
    const webhook = rule.channels.includes('webhook') && rule.webhookUrl !== null;
    const event: AlertEvent = {
      id: timeOrderedId(now),
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      target: rule.target,
      timeframe: rule.timeframe,
      metric: rule.metric,
      operator: rule.operator,
      threshold: rule.threshold,
      band: entry.band,
      value,
      previousValue,
      barStart,
      firedAt: now,
      delivery: {
        ws: { subscribers: this.options.alertSubscribers?.() ?? 0, pushedAt: now },
        webhook: webhook
          ? {
              status: 'pending',
              url: rule.webhookUrl!,
              attempts: 0,
              lastError: null,
              lastStatusCode: null,
              deliveredAt: null,
              nextAttemptAt: null,
            }
          : null,
      },
    };
    this.announce({ channel: 'alerts', type: 'event', data: event });
    this.history.record(event, true);
    if (webhook) this.webhooks.enqueue(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger?.error({ err: error }, 'alert event listener failed');
      }
    }
  }

  /** Brings the rule's last value up to date from the evaluator (it is kept per metric there). */
  private syncState(record: RuleRecord): RuleRuntimeState {
    const seen = this.evaluator.lastSeen(record.rule.id);
    const { state } = record;
    if (seen !== null && (state.lastBarStart === null || seen.barStart > state.lastBarStart)) {
      state.lastValue = seen.value;
      state.lastBarStart = seen.barStart;
      // A level rule is armed from the first value on; the evaluator steps it only when it fires.
      if (state.latched === null && isLevelOperator(record.rule.operator)) state.latched = false;
    }
    return state;
  }

  private view(record: RuleRecord): AlertRuleView {
    const { rule } = record;
    const metric = findMetric(targetKind(rule.target), rule.metric);
    return {
      ...rule,
      band: metric === undefined ? (rule.band ?? 0) : effectiveBand(rule, metric),
      bandAuto: rule.band === null,
      status: ruleStatus(rule),
      state: { ...this.syncState(record) },
    };
  }

  private onDeliveryUpdate(event: AlertEvent): void {
    this.history.record(event, false);
    this.announce({ channel: 'alerts', type: 'update', data: event });
  }

  private publishRule(record: RuleRecord): void {
    this.announce({ channel: 'alerts', type: 'rule', data: this.view(record) });
  }

  /** Typed as the `alerts` channel's frame, so that the engine cannot publish another shape. */
  private announce({ type, data }: AlertMessage): void {
    this.options.bus.publish('alert', { type, data });
  }
}

/**
 * A UUIDv7: the firing time in its first 48 bits, so that ids sort by time and new ids land at the
 * end of the store's index instead of at random places in it.
 */
export function timeOrderedId(epochMs: number): string {
  const random = randomUUID();
  const time = Math.max(0, Math.floor(epochMs)).toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}
