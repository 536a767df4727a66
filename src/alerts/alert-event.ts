// An alert event: one firing of a rule, with a copy of what the rule said at that moment (so the
// history stays readable after the rule is edited or deleted) and how it was delivered.
import type { Timeframe } from '../domain/index.js';
import type { AlertTarget, Operator, Severity } from './rule.js';

export const WEBHOOK_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export interface WebhookDelivery {
  status: WebhookStatus;
  url: string;
  attempts: number;
  lastError: string | null;
  /** HTTP status of the last response, null when there was none (refused, timed out, unreachable). */
  lastStatusCode: number | null;
  deliveredAt: number | null;
  /** When the next attempt is due while pending; null otherwise. */
  nextAttemptAt: number | null;
}

export interface AlertDelivery {
  /** Pushed on the `alerts` WebSocket channel to this many subscribers when it fired. */
  ws: { subscribers: number; pushedAt: number };
  /** Null when the rule has no webhook channel. */
  webhook: WebhookDelivery | null;
}

export interface AlertEvent {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  target: AlertTarget;
  timeframe: Timeframe;
  metric: string;
  operator: Operator;
  threshold: number;
  band: number;
  value: number;
  /** The rule's previous value of the metric (null for a first value). */
  previousValue: number | null;
  /** Start of the bar whose close fired the rule, epoch ms UTC. */
  barStart: number;
  /** Wall-clock time of the firing, epoch ms. */
  firedAt: number;
  delivery: AlertDelivery;
}
