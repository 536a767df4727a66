// The wire types of the alert API (/api/v1/alerts, /alerts/:id, /alerts/events, /alerts/metrics)
// and of the `alerts` WebSocket channel, taken type-only from the server's schemas
// (src/server/wire-types.ts), and the run-time values the views need beside them.
import type { AlertRule, AlertTarget, Severity } from '../../../src/server/wire-types.ts';

export type {
  AlertCatalog,
  AlertEvent,
  AlertMessage,
  AlertRule,
  AlertTarget,
  MetricInfo,
  RuleInput,
  RulePatch,
  RuleState,
  Severity,
  TargetKind,
  WebhookDelivery,
} from '../../../src/server/wire-types.ts';

export type Operator = AlertRule['operator'];

/** Most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Severity[];

export const ALERTS_CHANNEL = 'alerts';

/** How each operator reads in a condition; every operator of the server and no other. */
export const OPERATOR_SYMBOLS: Readonly<Record<Operator, string>> = {
  '>': '>',
  '<': '<',
  '>=': '≥',
  '<=': '≤',
  crosses_above: 'crosses above',
  crosses_below: 'crosses below',
  abs_gt: '|x| >',
};

export function targetLabel(target: AlertTarget): string {
  return target.pair ? `${target.pair.y} / ${target.pair.x}` : (target.instrument ?? '');
}
