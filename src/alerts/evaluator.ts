// Evaluates the active rules on every analytics update, on the ingestion path. Rules are indexed
// by series (target kind, target, timeframe, message kind) and then by metric, so an update costs
// one map lookup plus the rules that watch exactly its series: thousands of rules on other
// series cost nothing. Each metric is read once per update, and its previous value is kept once
// per metric, so a rule whose state does not change costs one comparison.
//
// Values arrive in bar order; a value for a bar at or before the last one seen (a late trade
// re-emitting an amended bar, or history replayed at start-up) is ignored, so an alert is never
// fired twice for one bar or for the past. The cooldown counts in bar time (bar starts), which is
// the market's clock both live and in a replay.
import type { AnalyticsUpdate } from '../analytics/live/analytics-service.js';
import { TIMEFRAME_MS } from '../domain/index.js';
import { compileCondition, rearmed, transition, triggered, type Condition } from './condition.js';
import { defaultBandFor, findMetric, type MetricDefinition } from './metrics.js';
import { targetKey, targetKind, type AlertRule, type RuleRuntimeState } from './rule.js';

/** An active rule as the evaluator holds it: the compiled condition and the live state. */
export interface RuleEntry {
  readonly rule: AlertRule;
  readonly state: RuleRuntimeState;
  readonly metric: MetricDefinition;
  readonly condition: Condition;
  readonly band: number;
  readonly cooldownMs: number;
  readonly expiresAt: number;
  readonly timeframeMs: number;
  readonly seriesKey: string;
  /** Bars up to this start were seen before a restart (the persisted state): not evaluated again. */
  readonly resumeAfter: number;
}

/** The rules on one metric of one series, and the metric's last value. */
interface MetricRules {
  readonly metric: MetricDefinition;
  entries: RuleEntry[];
  lastValue: number | null;
  lastBarStart: number;
  /** Earliest expiry and latest resume point of the entries: most updates need neither check per rule. */
  firstExpiry: number;
  lastResume: number;
}

export interface EvaluatorHooks {
  /** The rule fired on the value of the bar that starts at `barStart`. */
  fire(entry: RuleEntry, value: number, previousValue: number | null, barStart: number, now: number): void;
  /** The rule latched, re-armed or fired: worth persisting. */
  stateChanged(entry: RuleEntry): void;
  /** An update reached a rule past its expiry; the evaluator has already dropped it. */
  expired(entry: RuleEntry, now: number): void;
}

export interface EvaluatorOptions {
  now?: () => number;
  /**
   * Values of bars that closed longer ago than this update the rules' state but do not fire: they
   * are history (a pair's warm-up after a restart), not news. Default 120 s.
   */
  staleAfterMs?: number;
}

type SeriesIndex = Map<string, MetricRules>;

function setEntries(rules: MetricRules, entries: RuleEntry[]): void {
  rules.entries = entries;
  rules.firstExpiry = Number.POSITIVE_INFINITY;
  rules.lastResume = Number.NEGATIVE_INFINITY;
  for (const e of entries) {
    rules.firstExpiry = Math.min(rules.firstExpiry, e.expiresAt);
    rules.lastResume = Math.max(rules.lastResume, e.resumeAfter);
  }
}

export function effectiveBand(rule: Pick<AlertRule, 'band' | 'threshold'>, metric: MetricDefinition): number {
  return rule.band ?? defaultBandFor(metric, rule.threshold);
}

/** The index key of the series a rule watches. */
export function ruleSeriesKey(rule: AlertRule, metric: MetricDefinition): string {
  const kind = targetKind(rule.target);
  const prefix = kind === 'instrument' ? 'i' : metric.source === 'tests' ? 't' : 'p';
  return `${prefix}|${targetKey(rule.target)}|${rule.timeframe}`;
}

export class AlertEvaluator {
  private readonly index = new Map<string, SeriesIndex>();
  private readonly entries = new Map<string, RuleEntry>();
  private readonly expiring = new Set<RuleEntry>();
  private readonly now: () => number;
  private readonly staleAfterMs: number;

  constructor(
    private readonly hooks: EvaluatorHooks,
    options: EvaluatorOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.staleAfterMs = options.staleAfterMs ?? 120_000;
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Starts evaluating a rule (replacing any entry with its id); `state` is updated in place. */
  add(rule: AlertRule, state: RuleRuntimeState): RuleEntry {
    this.remove(rule.id);
    const metric = findMetric(targetKind(rule.target), rule.metric);
    if (metric === undefined) throw new Error(`rule ${rule.id}: unknown ${targetKind(rule.target)} metric "${rule.metric}"`);
    const band = effectiveBand(rule, metric);
    const entry: RuleEntry = {
      rule,
      state,
      metric,
      condition: compileCondition(rule.operator, rule.threshold, band),
      band,
      cooldownMs: rule.cooldownSec * 1000,
      expiresAt: rule.expiresAt ?? Number.POSITIVE_INFINITY,
      timeframeMs: TIMEFRAME_MS[rule.timeframe],
      seriesKey: ruleSeriesKey(rule, metric),
      resumeAfter: state.lastBarStart ?? Number.NEGATIVE_INFINITY,
    };
    let series = this.index.get(entry.seriesKey);
    if (series === undefined) this.index.set(entry.seriesKey, (series = new Map()));
    let rules = series.get(metric.name);
    if (rules === undefined) {
      rules = { metric, entries: [], lastValue: null, lastBarStart: Number.NEGATIVE_INFINITY, firstExpiry: Infinity, lastResume: -Infinity };
      series.set(metric.name, rules);
    }
    // Copy on write: an update being evaluated keeps iterating the array it started with.
    setEntries(rules, [...rules.entries, entry]);
    this.entries.set(rule.id, entry);
    if (rule.expiresAt !== null) this.expiring.add(entry);
    return entry;
  }

  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    this.entries.delete(id);
    this.expiring.delete(entry);
    const series = this.index.get(entry.seriesKey)!;
    const rules = series.get(entry.metric.name)!;
    setEntries(rules, rules.entries.filter((e) => e !== entry));
    if (rules.entries.length === 0) series.delete(entry.metric.name);
    if (series.size === 0) this.index.delete(entry.seriesKey);
    return true;
  }

  onUpdate(update: AnalyticsUpdate): void {
    if (update.kind === 'symbol') {
      const series = this.index.get(`i|${update.instrument}|${update.timeframe}`);
      if (series !== undefined) this.evaluate(series, update.point, update.point.start);
      return;
    }
    const { event, pair } = update;
    const isPoint = event.type === 'point';
    const series = this.index.get(`${isPoint ? 'p' : 't'}|${pair.x}/${pair.y}|${pair.timeframe}`);
    if (series === undefined) return;
    if (isPoint) this.evaluate(series, event.point, event.point.start);
    else this.evaluate(series, event.tests, event.tests.start);
  }

  /** Drops the rules whose expiry has passed (for rules whose series has gone quiet). */
  expireDue(now = this.now()): void {
    for (const entry of this.expiring) {
      if (now < entry.expiresAt) continue;
      this.remove(entry.rule.id);
      this.hooks.expired(entry, now);
    }
  }

  /** The last value of the metric a rule watches, and its bar start; null before the first. */
  lastSeen(id: string): { value: number; barStart: number } | null {
    const entry = this.entries.get(id);
    const rules = entry && this.index.get(entry.seriesKey)?.get(entry.metric.name);
    return rules === undefined || rules.lastValue === null ? null : { value: rules.lastValue, barStart: rules.lastBarStart };
  }

  private evaluate(series: SeriesIndex, message: object, barStart: number): void {
    const now = this.now();
    let expired: RuleEntry[] | undefined;
    for (const rules of series.values()) {
      if (barStart <= rules.lastBarStart) continue;
      const value = rules.metric.read(message as never);
      if (value === null || !Number.isFinite(value)) continue;
      const previous = rules.lastValue;
      rules.lastValue = value;
      rules.lastBarStart = barStart;
      const entries = rules.entries;
      if (now < rules.firstExpiry && barStart > rules.lastResume) {
        // The hot loop: one state read and one comparison for a rule whose state does not change.
        for (let i = 0; i < entries.length; i++) {
          const entry = entries[i];
          const latched = entry.state.latched;
          const condition = entry.condition;
          if (latched === false ? triggered(condition, value) : latched === null || rearmed(condition, value)) {
            this.step(entry, value, previous, barStart, now);
          }
        }
        continue;
      }
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i];
        if (now >= entry.expiresAt) (expired ??= []).push(entry);
        else if (barStart > entry.resumeAfter) this.step(entry, value, previous, barStart, now);
      }
    }
    if (expired === undefined) return;
    for (const entry of expired) {
      if (this.remove(entry.rule.id)) this.hooks.expired(entry, now);
    }
  }

  /** One value for one rule; the common case (no change of state) returns after one comparison. */
  private step(entry: RuleEntry, value: number, previous: number | null, barStart: number, now: number): void {
    const state = entry.state;
    const change = transition(entry.condition, state.latched, value);
    if (change === null) return;
    state.lastValue = value;
    state.lastBarStart = barStart;
    if (change === 'fire') {
      state.latched = true;
      const isHistory = now - (barStart + entry.timeframeMs) > this.staleAfterMs;
      if (!isHistory) {
        const cooling = state.lastFiredBarStart !== null && barStart - state.lastFiredBarStart < entry.cooldownMs;
        if (cooling) state.suppressedCount++;
        else {
          state.fireCount++;
          state.lastFiredAt = now;
          state.lastFiredBarStart = barStart;
          this.hooks.fire(entry, value, previous, barStart, now);
        }
      }
    } else {
      state.latched = change === 'latch';
    }
    this.hooks.stateChanged(entry);
  }
}
