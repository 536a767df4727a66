// Wire types of the alert API (/api/v1/alerts, /alerts/:id, /alerts/events, /alerts/metrics) and
// of the `alerts` WebSocket channel, mirrored by hand from src/alerts/alert-schemas.ts.
import type { InstrumentId, Timeframe } from './types.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AlertTarget =
  | { instrument: InstrumentId; pair?: undefined }
  | { pair: { x: InstrumentId; y: InstrumentId }; instrument?: undefined };
export type TargetKind = 'instrument' | 'pair';

export interface RuleState {
  latched: boolean | null;
  lastValue: number | null;
  lastBarStart: number | null;
  lastFiredAt: number | null;
  lastFiredBarStart: number | null;
  fireCount: number;
  suppressedCount: number;
}

export interface AlertRule {
  id: string;
  name: string;
  target: AlertTarget;
  timeframe: Timeframe;
  metric: string;
  operator: string;
  threshold: number;
  /** Effective hysteresis band. */
  band: number;
  /** True when the band follows the metric default. */
  bandAuto: boolean;
  cooldownSec: number;
  severity: Severity;
  expiresAt: number | null;
  channels: string[];
  webhookUrl: string | null;
  enabled: boolean;
  status: 'active' | 'disabled' | 'expired';
  createdAt: number;
  updatedAt: number;
  expiredAt: number | null;
  state: RuleState;
}

/** What POST /alerts accepts (PATCH takes any subset). */
export interface RuleInput {
  name: string;
  target: AlertTarget;
  timeframe: Timeframe;
  metric: string;
  operator: string;
  threshold: number;
  band?: number | null;
  cooldownSec?: number;
  severity?: Severity;
  expiresAt?: number | null;
  channels?: string[];
  webhookUrl?: string | null;
  enabled?: boolean;
}

export interface WebhookDelivery {
  status: 'pending' | 'delivered' | 'failed';
  url: string;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  deliveredAt: number | null;
  nextAttemptAt: number | null;
}

export interface AlertEvent {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  target: AlertTarget;
  timeframe: Timeframe;
  metric: string;
  operator: string;
  threshold: number;
  band: number;
  value: number;
  previousValue: number | null;
  barStart: number;
  firedAt: number;
  delivery: { ws: { subscribers: number; pushedAt: number }; webhook: WebhookDelivery | null };
}

export interface MetricInfo {
  name: string;
  description: string;
  source: 'point' | 'tests';
  defaultBand: { relative: number; min: number };
}

export interface AlertCatalog {
  metrics: Record<TargetKind, MetricInfo[]>;
  operators: Array<{ name: string; description: string }>;
  severities: Severity[];
  channels: string[];
  timeframes: Timeframe[];
  livePairs: Array<{ id: string; x: InstrumentId; y: InstrumentId; timeframe: Timeframe }>;
  defaults: { cooldownSec: number; severity: Severity; channels: string[]; enabled: boolean };
  webhooks: { allowPrivateTargets: boolean };
}

/** Messages of the `alerts` channel: a new event, a delivery update of one, a rule's new state, a deleted rule. */
export type AlertMessage =
  | { type: 'event'; data: AlertEvent }
  | { type: 'update'; data: AlertEvent }
  | { type: 'rule'; data: AlertRule }
  | { type: 'rule_deleted'; data: { id: string } };

export const ALERTS_CHANNEL = 'alerts';

export const OPERATOR_SYMBOLS: Readonly<Record<string, string>> = {
  '>': '>',
  '<': '<',
  '>=': '≥',
  '<=': '≤',
  crosses_above: 'crosses above',
  crosses_below: 'crosses below',
  abs_gt: '|x| >',
};

export function targetLabel(target: AlertTarget): string {
  return target.pair ? `${target.pair.y} / ${target.pair.x}` : target.instrument;
}
