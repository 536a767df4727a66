// Evaluates the active rules on every metric update, on the ingestion path. Rules are indexed
// by series (target kind, target, timeframe, message kind), then by metric, and within a metric
// by the level at which each rule next changes state (TriggerHeap): a value visits only the
// rules it fires, latches or re-arms, so thousands of rules that a move leaves alone cost
// nothing, on other series or on the same one. Each metric is read once per update, and its
// previous value is kept once per metric.
//
// Values arrive in bar order; a value for a bar at or before the last one seen (a late trade
// re-emitting an amended bar, or history replayed at start-up) is ignored, so an alert is never
// fired twice for one bar or for the past. The cooldown counts in bar time (bar starts), which is
// the market's clock both live and in a replay.
import { TIMEFRAME_MS, type MetricName, type MetricUpdate } from '../domain/index.js';
import { compileCondition, nextTrigger, transition, type Condition } from './condition.js';
import { defaultBandFor, findMetric, type MetricDefinition } from './metrics.js';
import { targetKey, targetKind, type AlertRule, type RuleRuntimeState } from './rule.js';
import { TriggerHeap, type TriggerSlot } from './trigger-heap.js';

/** An active rule as the evaluator holds it: the compiled condition and the live state. */
export interface RuleEntry extends TriggerSlot {
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
  /** Order of addition: rules that change on one value are stepped in this order. */
  readonly seq: number;
  /** The heap holding the rule, or null while it is loose (or removed). */
  heap: TriggerHeap<RuleEntry> | null;
  removed: boolean;
}

/** The rules on one metric of one series, and the metric's last value. */
interface MetricRules {
  readonly metric: MetricDefinition;
  count: number;
  /** The rules with an expiry, and the earliest: most updates need no expiry check. */
  readonly expiring: Set<RuleEntry>;
  firstExpiry: number;
  lastValue: number | null;
  lastBarStart: number;
  /** Rules stepped on the next value whatever it is: no state yet, or resuming after a restart. */
  loose: RuleEntry[];
  readonly rising: TriggerHeap<RuleEntry>;
  readonly falling: TriggerHeap<RuleEntry>;
  /** abs_gt rules, whose levels apply to |value|. */
  readonly absRising: TriggerHeap<RuleEntry>;
  readonly absFalling: TriggerHeap<RuleEntry>;
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

/**
 * The rules on one series by metric, and the same in an array for the loop of every update. The
 * array is replaced, not changed, when a metric goes: a hook may remove rules during that loop.
 */
interface SeriesIndex {
  readonly byMetric: Map<string, MetricRules>;
  list: readonly MetricRules[];
}

function newMetricRules(metric: MetricDefinition): MetricRules {
  return {
    metric,
    count: 0,
    expiring: new Set(),
    firstExpiry: Number.POSITIVE_INFINITY,
    lastValue: null,
    lastBarStart: Number.NEGATIVE_INFINITY,
    loose: [],
    rising: new TriggerHeap(true),
    falling: new TriggerHeap(false),
    absRising: new TriggerHeap(true),
    absFalling: new TriggerHeap(false),
  };
}

/**
 * Puts a rule where its state says it changes next: in a heap, or loose for a crossing without a
 * state (its first value only tells it which side it is on). A level rule without a state waits
 * as an armed one: its first value fires it exactly when the condition holds, as an armed rule's
 * does, and a value that does not fire it changes nothing. So loading thousands of level rules
 * places them once, when they are added, instead of stepping each on its series' first value.
 */
function place(rules: MetricRules, entry: RuleEntry): void {
  const latched = entry.state.latched;
  if (latched === null && !entry.condition.firesOnFirst) {
    entry.heap = null;
    rules.loose.push(entry);
    return;
  }
  const next = nextTrigger(entry.condition, latched ?? false);
  entry.level = next.level;
  entry.inclusive = next.inclusive;
  const heap = next.abs
    ? next.rising
      ? rules.absRising
      : rules.absFalling
    : next.rising
      ? rules.rising
      : rules.falling;
  entry.heap = heap;
  heap.push(entry);
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
  private seq = 0;

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
    if (metric === undefined)
      throw new Error(`rule ${rule.id}: unknown ${targetKind(rule.target)} metric "${rule.metric}"`);
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
      seq: this.seq++,
      level: 0,
      inclusive: false,
      index: -1,
      heap: null,
      removed: false,
    };
    let series = this.index.get(entry.seriesKey);
    if (series === undefined) this.index.set(entry.seriesKey, (series = { byMetric: new Map(), list: [] }));
    let rules = series.byMetric.get(metric.name);
    if (rules === undefined) {
      series.byMetric.set(metric.name, (rules = newMetricRules(metric)));
      series.list = [...series.list, rules];
    }
    rules.count++;
    if (entry.expiresAt !== Number.POSITIVE_INFINITY) {
      rules.expiring.add(entry);
      rules.firstExpiry = Math.min(rules.firstExpiry, entry.expiresAt);
    }
    // Restored, a rule is stepped on every value until a bar it has not seen.
    if (entry.resumeAfter > Number.NEGATIVE_INFINITY) rules.loose.push(entry);
    else place(rules, entry);
    this.entries.set(rule.id, entry);
    if (rule.expiresAt !== null) this.expiring.add(entry);
    return entry;
  }

  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    this.entries.delete(id);
    this.expiring.delete(entry);
    entry.removed = true;
    const series = this.index.get(entry.seriesKey)!;
    const rules = series.byMetric.get(entry.metric.name)!;
    rules.count--;
    if (rules.expiring.delete(entry) && entry.expiresAt === rules.firstExpiry) {
      rules.firstExpiry = Number.POSITIVE_INFINITY;
      for (const e of rules.expiring) rules.firstExpiry = Math.min(rules.firstExpiry, e.expiresAt);
    }
    if (entry.heap !== null) entry.heap.remove(entry);
    else rules.loose = rules.loose.filter((e) => e !== entry);
    entry.heap = null;
    if (rules.count === 0) {
      series.byMetric.delete(entry.metric.name);
      series.list = series.list.filter((r) => r !== rules);
    }
    if (series.list.length === 0) this.index.delete(entry.seriesKey);
    return true;
  }

  onUpdate(update: MetricUpdate): void {
    const { target } = update;
    const key =
      'instrument' in target
        ? `i|${target.instrument}|${update.timeframe}`
        : `${update.source === 'point' ? 'p' : 't'}|${target.pair.x}/${target.pair.y}|${update.timeframe}`;
    const series = this.index.get(key);
    if (series !== undefined) this.evaluate(series, update.values, update.barStart);
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
    const rules = entry && this.index.get(entry.seriesKey)?.byMetric.get(entry.metric.name);
    return rules === undefined || rules.lastValue === null
      ? null
      : { value: rules.lastValue, barStart: rules.lastBarStart };
  }

  private evaluate(series: SeriesIndex, values: Partial<Record<MetricName, number | null>>, barStart: number): void {
    const now = this.now();
    for (const rules of series.list) {
      if (barStart <= rules.lastBarStart) continue;
      const value = values[rules.metric.name];
      if (value === undefined || value === null || !Number.isFinite(value)) continue;
      const previous = rules.lastValue;
      rules.lastValue = value;
      rules.lastBarStart = barStart;
      if (now >= rules.firstExpiry) this.expireIn(rules, now);
      const { rising, falling, absRising, absFalling } = rules;
      const abs = Math.abs(value);
      // Most values move no rule.
      if (
        rules.loose.length === 0 &&
        !rising.topReached(value) &&
        !falling.topReached(value) &&
        !absRising.topReached(abs) &&
        !absFalling.topReached(abs)
      ) {
        continue;
      }
      // The rules this value moves: the tops of the heaps down to the first it does not reach.
      const moved: RuleEntry[] = [];
      rising.popReached(value, moved);
      falling.popReached(value, moved);
      absRising.popReached(abs, moved);
      absFalling.popReached(abs, moved);
      if (rules.loose.length > 0) {
        const loose = rules.loose;
        rules.loose = [];
        for (const entry of loose) {
          if (barStart > entry.resumeAfter) moved.push(entry);
          else rules.loose.push(entry);
        }
      }
      if (moved.length > 1) moved.sort((a, b) => a.seq - b.seq);
      for (const entry of moved) {
        if (entry.removed) continue; // by a hook of a rule stepped before it
        entry.heap = null;
        this.step(entry, value, previous, barStart, now);
        if (!entry.removed) place(rules, entry);
      }
    }
  }

  private expireIn(rules: MetricRules, now: number): void {
    for (const entry of [...rules.expiring]) {
      if (now >= entry.expiresAt && this.remove(entry.rule.id)) this.hooks.expired(entry, now);
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
