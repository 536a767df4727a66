// The alert rule: what to watch (a metric of an instrument or a pair on one timeframe), when to
// fire (operator, threshold, hysteresis band, cooldown), how loud (severity), until when
// (expiresAt) and where to deliver (the `alerts` WebSocket channel, optionally a webhook).
import type { MetricTarget, Timeframe } from '../domain/index.js';

export const OPERATORS = ['>', '<', '>=', '<=', 'crosses_above', 'crosses_below', 'abs_gt'] as const;
export type Operator = (typeof OPERATORS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNELS = ['ws', 'webhook'] as const;
export type DeliveryChannel = (typeof CHANNELS)[number];

export type AlertTarget = MetricTarget;

export const RULE_DEFAULTS = {
  cooldownSec: 60,
  severity: 'medium' as Severity,
  channels: ['ws'] as DeliveryChannel[],
  enabled: true,
};

export const RULE_LIMITS = {
  name: { min: 1, max: 200 },
  cooldownSec: { min: 0, max: 7 * 86_400 },
  webhookUrl: { max: 2_048 },
} as const;

export const OPERATOR_DESCRIPTIONS: Record<Operator, string> = {
  '>': 'value > threshold; fires on entering (also on the first value), again only after value ≤ threshold − band',
  '<': 'value < threshold; fires on entering (also on the first value), again only after value ≥ threshold + band',
  '>=': 'value ≥ threshold; fires on entering (also on the first value), again only after value < threshold − band',
  '<=': 'value ≤ threshold; fires on entering (also on the first value), again only after value > threshold + band',
  crosses_above:
    'previous value ≤ threshold < value; the first value only arms the rule; again only after value ≤ threshold − band',
  crosses_below:
    'previous value ≥ threshold > value; the first value only arms the rule; again only after value ≥ threshold + band',
  abs_gt:
    '|value| > threshold; fires on entering (also on the first value), again only after |value| ≤ threshold − band',
};

/** A rule as stored. `band: null` means the metric's default band for the threshold. */
export interface AlertRule {
  id: string;
  name: string;
  target: AlertTarget;
  timeframe: Timeframe;
  metric: string;
  operator: Operator;
  threshold: number;
  band: number | null;
  cooldownSec: number;
  severity: Severity;
  /** Epoch ms after which the rule stops firing; null never expires. */
  expiresAt: number | null;
  channels: DeliveryChannel[];
  webhookUrl: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** When the rule was found past its expiry and stopped; null while it has not expired. */
  expiredAt: number | null;
}

/** What the evaluator remembers between values; persisted on every change of `latched` and on firing. */
export interface RuleRuntimeState {
  /**
   * True while the condition holds (fired or suppressed), until the value moves back past the band; null before any
   * value.
   */
  latched: boolean | null;
  lastValue: number | null;
  lastBarStart: number | null;
  lastFiredAt: number | null;
  lastFiredBarStart: number | null;
  fireCount: number;
  /** Firings held back by the cooldown. */
  suppressedCount: number;
}

export const EMPTY_RUNTIME_STATE: Readonly<RuleRuntimeState> = {
  latched: null,
  lastValue: null,
  lastBarStart: null,
  lastFiredAt: null,
  lastFiredBarStart: null,
  fireCount: 0,
  suppressedCount: 0,
};

export type RuleStatus = 'active' | 'disabled' | 'expired';

/** A rule as served: the stored rule with its effective band, status and runtime state. */
export interface AlertRuleView extends Omit<AlertRule, 'band'> {
  band: number;
  bandAuto: boolean;
  status: RuleStatus;
  state: RuleRuntimeState;
}

export function targetKind(target: AlertTarget): 'instrument' | 'pair' {
  return 'instrument' in target ? 'instrument' : 'pair';
}

/** `binance:BTCUSDT` or `binance:BTCUSDT/binance:ETHUSDT`: the instrument or pair a rule watches. */
export function targetKey(target: AlertTarget): string {
  return 'instrument' in target ? target.instrument : `${target.pair.x}/${target.pair.y}`;
}

export function ruleStatus(rule: AlertRule): RuleStatus {
  if (rule.expiredAt !== null) return 'expired';
  return rule.enabled ? 'active' : 'disabled';
}
