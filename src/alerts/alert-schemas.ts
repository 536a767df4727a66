// Wire schemas of the alert API (TypeBox): request bodies, the rule and event as served, the
// metric catalog and the messages of the `alerts` WebSocket channel. Enumerations use `enum`
// so that a wrong value is a 400 naming the field and the allowed values; the meaning checks
// (metric for the target kind, live pair, webhook target) are in rule-validation.ts.
import { Type, type Static } from 'typebox';
import { TIMEFRAMES } from '../domain/index.js';
import { WEBHOOK_STATUSES } from './alert-event.js';
import { ALL_METRIC_NAMES } from './metrics.js';
import { CHANNELS, OPERATORS, RULE_DEFAULTS, RULE_LIMITS, SEVERITIES } from './rule.js';

const EpochMs = (description: string) => Type.Integer({ minimum: 0, maximum: 8.64e15, description });
const NullableNumber = (description?: string) =>
  Type.Union([Type.Number(), Type.Null()], description ? { description } : {});
const TimeframeEnum = Type.Enum([...TIMEFRAMES], { description: 'bar timeframe of the series' });
const SeverityEnum = Type.Enum([...SEVERITIES]);
const OperatorEnum = Type.Enum([...OPERATORS]);
// `type` lets Ajv check the channels' uniqueItems with a hash instead of comparing every pair of a
// long array (all errors are collected, so a 64 KB array of distinct strings is checked in full).
const ChannelEnum = Type.Enum([...CHANNELS], { type: 'string' });
const Instrument = Type.String({
  minLength: 2,
  maxLength: 64,
  description: 'venue:SYMBOL, or a bare symbol on the default venue',
});

export const TargetSchema = Type.Object(
  {
    instrument: Type.Optional(Instrument),
    pair: Type.Optional(Type.Object({ x: Instrument, y: Instrument }, { additionalProperties: false })),
  },
  {
    additionalProperties: false,
    description: 'exactly one of {"instrument": "BTCUSDT"} or {"pair": {"x": "BTCUSDT", "y": "ETHUSDT"}} (a live pair)',
  },
);

const ruleFields = {
  name: Type.String({ minLength: RULE_LIMITS.name.min, maxLength: RULE_LIMITS.name.max }),
  target: TargetSchema,
  timeframe: TimeframeEnum,
  metric: Type.Enum([...ALL_METRIC_NAMES], {
    description: 'a metric of the target kind; see GET /api/v1/alerts/metrics',
  }),
  operator: Type.Enum([...OPERATORS], { description: 'see GET /api/v1/alerts/metrics for each operator' }),
  threshold: Type.Number(),
  band: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description:
      'hysteresis: after firing, the value must move back past threshold ∓ band before the rule can fire ' +
      'again; null or omitted = the metric default',
  }),
  cooldownSec: Type.Integer({
    minimum: RULE_LIMITS.cooldownSec.min,
    maximum: RULE_LIMITS.cooldownSec.max,
    description: `at most one event per this many seconds of bar time (default ${RULE_DEFAULTS.cooldownSec})`,
  }),
  severity: Type.Enum([...SEVERITIES], { description: `default ${RULE_DEFAULTS.severity}` }),
  expiresAt: Type.Union([EpochMs('the rule stops firing at this time, epoch ms'), Type.Null()]),
  channels: Type.Array(ChannelEnum, {
    minItems: 1,
    maxItems: 2,
    uniqueItems: true,
    description: '["ws"] (default) or ["ws", "webhook"]',
  }),
  webhookUrl: Type.Union([Type.String({ maxLength: RULE_LIMITS.webhookUrl.max }), Type.Null()], {
    description:
      'http(s) URL POSTed with each event (JSON, Idempotency-Key header = event id); required with the webhook channel',
  }),
  enabled: Type.Boolean({ description: 'default true' }),
};

export const RuleCreateSchema = Type.Object(
  {
    name: ruleFields.name,
    target: ruleFields.target,
    timeframe: ruleFields.timeframe,
    metric: ruleFields.metric,
    operator: ruleFields.operator,
    threshold: ruleFields.threshold,
    band: Type.Optional(ruleFields.band),
    cooldownSec: Type.Optional(ruleFields.cooldownSec),
    severity: Type.Optional(ruleFields.severity),
    expiresAt: Type.Optional(ruleFields.expiresAt),
    channels: Type.Optional(ruleFields.channels),
    webhookUrl: Type.Optional(ruleFields.webhookUrl),
    enabled: Type.Optional(ruleFields.enabled),
  },
  { additionalProperties: false },
);

export const RulePatchSchema = Type.Object(
  Object.fromEntries(Object.entries(ruleFields).map(([key, schema]) => [key, Type.Optional(schema)])) as {
    [K in keyof typeof ruleFields]: ReturnType<typeof Type.Optional<(typeof ruleFields)[K]>>;
  },
  { additionalProperties: false, minProperties: 1 },
);

const ServedTarget = Type.Object({
  instrument: Type.Optional(Type.String()),
  pair: Type.Optional(Type.Object({ x: Type.String(), y: Type.String() })),
});

export const RuleStateSchema = Type.Object({
  latched: Type.Union([Type.Boolean(), Type.Null()], {
    description: 'true while the condition holds since it fired; null before the first value',
  }),
  lastValue: NullableNumber(),
  lastBarStart: NullableNumber(),
  lastFiredAt: NullableNumber(),
  lastFiredBarStart: NullableNumber(),
  fireCount: Type.Integer(),
  suppressedCount: Type.Integer({ description: 'firings held back by the cooldown' }),
});

export const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  target: ServedTarget,
  timeframe: TimeframeEnum,
  metric: Type.String(),
  operator: OperatorEnum,
  threshold: Type.Number(),
  band: Type.Number({ description: 'effective hysteresis band' }),
  bandAuto: Type.Boolean({ description: 'true when the band is the metric default (follows the threshold)' }),
  cooldownSec: Type.Integer(),
  severity: SeverityEnum,
  expiresAt: NullableNumber(),
  channels: Type.Array(ChannelEnum),
  webhookUrl: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  status: Type.Enum(['active', 'disabled', 'expired']),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  expiredAt: NullableNumber(),
  state: RuleStateSchema,
});

export const EventSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  severity: SeverityEnum,
  target: ServedTarget,
  timeframe: TimeframeEnum,
  metric: Type.String(),
  operator: OperatorEnum,
  threshold: Type.Number(),
  band: Type.Number(),
  value: Type.Number(),
  previousValue: NullableNumber(),
  barStart: Type.Number({ description: 'start of the bar whose close fired the rule, epoch ms' }),
  firedAt: Type.Number(),
  delivery: Type.Object({
    ws: Type.Object({ subscribers: Type.Integer(), pushedAt: Type.Number() }),
    webhook: Type.Union([
      Type.Object({
        status: Type.Enum([...WEBHOOK_STATUSES]),
        url: Type.String(),
        attempts: Type.Integer(),
        lastError: Type.Union([Type.String(), Type.Null()]),
        lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
        deliveredAt: NullableNumber(),
        nextAttemptAt: NullableNumber(),
      }),
      Type.Null(),
    ]),
  }),
});

/** GET /alerts/events filters; the server adds the `from`/`to` time parameters (epoch ms or ISO 8601). */
export const EventsQuerySchema = Type.Object({
  severity: Type.Optional(
    Type.Array(Type.String({ maxLength: 64 }), {
      description: `one or more of ${SEVERITIES.join(', ')} (repeat the parameter or separate with commas)`,
    }),
  ),
  ruleId: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 100, description: 'most events, newest first' }),
});

const MetricSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  source: Type.Enum(['point', 'tests'], {
    description: 'point: on each bar close; tests: when the heavy pair tests finish',
  }),
  defaultBand: Type.Object(
    { relative: Type.Number(), min: Type.Number() },
    { description: 'default band = max(relative·|threshold|, min)' },
  ),
});

export const CatalogSchema = Type.Object({
  metrics: Type.Object({ instrument: Type.Array(MetricSchema), pair: Type.Array(MetricSchema) }),
  operators: Type.Array(Type.Object({ name: OperatorEnum, description: Type.String() })),
  severities: Type.Array(SeverityEnum),
  channels: Type.Array(ChannelEnum),
  timeframes: Type.Array(TimeframeEnum),
  livePairs: Type.Array(
    Type.Object({ id: Type.String(), x: Type.String(), y: Type.String(), timeframe: TimeframeEnum }),
  ),
  defaults: Type.Object({
    cooldownSec: Type.Integer(),
    severity: SeverityEnum,
    channels: Type.Array(ChannelEnum),
    enabled: Type.Boolean(),
  }),
  webhooks: Type.Object({ allowPrivateTargets: Type.Boolean() }),
});

/**
 * The messages of the `alerts` WebSocket channel: a new event, a delivery update of one, a rule's
 * new state, a deleted rule. They are queued per client and never coalesced or dropped.
 */
export const AlertEventMessageSchema = Type.Object({
  channel: Type.Literal('alerts'),
  type: Type.Enum(['event', 'update'], { description: 'event: just fired; update: its delivery status changed' }),
  data: EventSchema,
});
export const AlertRuleMessageSchema = Type.Object({
  channel: Type.Literal('alerts'),
  type: Type.Literal('rule'),
  data: RuleSchema,
});
export const AlertRuleDeletedMessageSchema = Type.Object({
  channel: Type.Literal('alerts'),
  type: Type.Literal('rule_deleted'),
  data: Type.Object({ id: Type.String() }),
});
export const AlertMessageSchema = Type.Union([
  AlertEventMessageSchema,
  AlertRuleMessageSchema,
  AlertRuleDeletedMessageSchema,
]);
export type AlertMessage = Static<typeof AlertMessageSchema>;

/** The frame of an `alerts` message; typed so that the engine cannot publish another shape. */
export function encodeAlertMessage(message: AlertMessage): string {
  return JSON.stringify(message);
}
