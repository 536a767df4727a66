// Turns a requested rule (a create, or a patch merged over the stored rule) into a valid rule, or
// fails naming the field, the value and what is allowed. The request schema has already checked
// the types; this checks meaning: the metric exists for the target kind, the pair is live, the
// webhook target may be called, the expiry is ahead, the band can re-arm.
import { TIMEFRAMES, isTimeframe } from '../domain/index.js';
import { findMetric, metricNames } from './metrics.js';
import {
  CHANNELS,
  OPERATORS,
  RULE_DEFAULTS,
  RULE_LIMITS,
  SEVERITIES,
  type AlertRule,
  type AlertTarget,
  type DeliveryChannel,
  type Operator,
  type Severity,
} from './rule.js';

export class RuleValidationError extends Error {
  constructor(
    /** Dotted path of the offending field, e.g. `target.pair.y`. */
    readonly field: string,
    readonly value: unknown,
    message: string,
    readonly allowed?: readonly unknown[],
  ) {
    super(`${field}: ${message}`);
    this.name = 'RuleValidationError';
  }
}

/** A create or patch request, types already checked by the schema. */
export interface RuleInput {
  name?: string;
  target?: { instrument?: string; pair?: { x: string; y: string } };
  timeframe?: string;
  metric?: string;
  operator?: string;
  threshold?: number;
  band?: number | null;
  cooldownSec?: number;
  severity?: string;
  expiresAt?: number | null;
  channels?: string[];
  webhookUrl?: string | null;
  enabled?: boolean;
}

export interface RuleValidationContext {
  now: number;
  /** Canonical `venue:SYMBOL` of an instrument given with or without venue; throws with a reason. */
  resolveInstrument(id: string): string;
  /** Live pairs as `x/y:timeframe` ids; undefined skips the check (nothing computes pairs). */
  livePairIds?(): string[] | undefined;
  /** Throws (with a reason) when a webhook URL may not be used. */
  checkWebhookUrl(url: string): Promise<void>;
}

export type RuleDefinition = Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt' | 'expiredAt'>;

const REQUIRED = ['name', 'target', 'timeframe', 'metric', 'operator', 'threshold'] as const;

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RuleValidationError(field, value, `must be one of ${allowed.join(', ')}`, allowed);
  }
  return value as T;
}

function resolveTarget(input: RuleInput['target'], context: RuleValidationContext): AlertTarget {
  const kinds =
    input === undefined || input === null
      ? []
      : (['instrument', 'pair'] as const).filter((k) => input[k] !== undefined);
  if (kinds.length !== 1) {
    throw new RuleValidationError(
      'target',
      input,
      'must have exactly one of {"instrument": "BTCUSDT"} or {"pair": {"x": "BTCUSDT", "y": "ETHUSDT"}}',
      ['instrument', 'pair'],
    );
  }
  const resolve = (field: string, id: string) => {
    try {
      return context.resolveInstrument(id);
    } catch (error) {
      throw new RuleValidationError(field, id, (error as Error).message);
    }
  };
  if (kinds[0] === 'instrument') return { instrument: resolve('target.instrument', input!.instrument!) };
  const x = resolve('target.pair.x', input!.pair!.x);
  const y = resolve('target.pair.y', input!.pair!.y);
  if (x === y) throw new RuleValidationError('target.pair.y', input!.pair!.y, 'must be an instrument other than x');
  return { pair: { x, y } };
}

/** Validates a create (`base` null) or a patch over `base`; resolves to the rule definition to store. */
export async function resolveRuleInput(
  input: RuleInput,
  base: AlertRule | null,
  context: RuleValidationContext,
): Promise<RuleDefinition> {
  if (base === null) {
    for (const field of REQUIRED) {
      if (input[field] === undefined) throw new RuleValidationError(field, undefined, 'is required');
    }
  }
  const has = (field: keyof RuleInput) => input[field] !== undefined;

  const name = (input.name ?? base!.name).trim();
  if (name.length < RULE_LIMITS.name.min || name.length > RULE_LIMITS.name.max) {
    throw new RuleValidationError(
      'name',
      input.name,
      `must be ${RULE_LIMITS.name.min} to ${RULE_LIMITS.name.max} characters (not only spaces)`,
    );
  }
  const target = has('target') ? resolveTarget(input.target, context) : base!.target;
  const kind = 'instrument' in target ? 'instrument' : 'pair';
  const timeframeText = input.timeframe ?? base!.timeframe;
  if (!isTimeframe(timeframeText))
    throw new RuleValidationError('timeframe', timeframeText, `must be one of ${TIMEFRAMES.join(', ')}`, TIMEFRAMES);
  const timeframe = timeframeText;

  const metric = input.metric ?? base!.metric;
  const definition = findMetric(kind, metric);
  if (definition === undefined) {
    const allowed = metricNames(kind);
    throw new RuleValidationError(
      'metric',
      metric,
      `is not a${kind === 'instrument' ? 'n instrument' : ' pair'} metric; allowed: ${allowed.join(', ')}`,
      allowed,
    );
  }
  const operator = oneOf<Operator>('operator', input.operator ?? base!.operator, OPERATORS);
  const threshold = input.threshold ?? base!.threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold))
    throw new RuleValidationError('threshold', threshold, 'must be a finite number');
  if (operator === 'abs_gt' && threshold < 0)
    throw new RuleValidationError('threshold', threshold, 'must be ≥ 0 with abs_gt (it compares |value| with it)');

  const band = input.band !== undefined ? input.band : (base?.band ?? null);
  if (band !== null && !(typeof band === 'number' && Number.isFinite(band) && band >= 0)) {
    throw new RuleValidationError('band', band, 'must be a number ≥ 0, or null for the metric default');
  }
  if (operator === 'abs_gt' && band !== null && band > threshold) {
    throw new RuleValidationError(
      'band',
      band,
      `must be ≤ threshold (${threshold}) with abs_gt: the rule re-arms at |value| ≤ threshold − band`,
    );
  }

  const cooldownSec = input.cooldownSec ?? base?.cooldownSec ?? RULE_DEFAULTS.cooldownSec;
  const { min, max } = RULE_LIMITS.cooldownSec;
  if (!Number.isInteger(cooldownSec) || cooldownSec < min || cooldownSec > max) {
    throw new RuleValidationError('cooldownSec', cooldownSec, `must be an integer from ${min} to ${max} seconds`);
  }
  const severity = oneOf<Severity>('severity', input.severity ?? base?.severity ?? RULE_DEFAULTS.severity, SEVERITIES);

  const expiresAt = input.expiresAt !== undefined ? input.expiresAt : (base?.expiresAt ?? null);
  if (expiresAt !== null) {
    if (!Number.isInteger(expiresAt) || expiresAt < 0)
      throw new RuleValidationError('expiresAt', expiresAt, 'must be epoch milliseconds, or null for never');
    if (has('expiresAt') && expiresAt <= context.now) {
      throw new RuleValidationError(
        'expiresAt',
        expiresAt,
        `must be in the future (now is ${context.now}, ${new Date(context.now).toISOString()}), or null for never`,
      );
    }
  }

  const channelList = input.channels ?? base?.channels ?? RULE_DEFAULTS.channels;
  for (const [i, channel] of channelList.entries()) oneOf<DeliveryChannel>(`channels.${i}`, channel, CHANNELS);
  if (!channelList.includes('ws'))
    throw new RuleValidationError('channels', channelList, 'must include "ws": ["ws"] or ["ws", "webhook"]', [
      ['ws'],
      ['ws', 'webhook'],
    ]);
  const channels = CHANNELS.filter((c) => channelList.includes(c));

  const webhookUrl = input.webhookUrl !== undefined ? input.webhookUrl : (base?.webhookUrl ?? null);
  if (channels.includes('webhook') && (webhookUrl === null || webhookUrl === '')) {
    throw new RuleValidationError('webhookUrl', webhookUrl, 'is required when channels include "webhook"');
  }
  if (webhookUrl !== null && webhookUrl.length > RULE_LIMITS.webhookUrl.max) {
    throw new RuleValidationError(
      'webhookUrl',
      `${webhookUrl.slice(0, 64)}…`,
      `must be at most ${RULE_LIMITS.webhookUrl.max} characters`,
    );
  }
  if (webhookUrl !== null && webhookUrl !== '' && (base === null || webhookUrl !== base.webhookUrl)) {
    try {
      await context.checkWebhookUrl(webhookUrl);
    } catch (error) {
      throw new RuleValidationError('webhookUrl', webhookUrl, (error as Error).message);
    }
  }

  const enabled = input.enabled ?? base?.enabled ?? RULE_DEFAULTS.enabled;
  if (input.enabled === true && expiresAt !== null && expiresAt <= context.now) {
    throw new RuleValidationError(
      'expiresAt',
      expiresAt,
      'the rule has expired; set expiresAt to a later time, or null, to enable it again',
    );
  }

  if (kind === 'pair' && (base === null || has('target') || has('timeframe'))) {
    const live = context.livePairIds?.();
    const { x, y } = (target as { pair: { x: string; y: string } }).pair;
    const id = `${x}/${y}:${timeframe}`;
    if (live !== undefined && !live.includes(id)) {
      throw new RuleValidationError(
        'target.pair',
        { x, y, timeframe },
        `pair ${id} is not live; start it with POST /api/v1/pairs (live pairs: ` +
          `${live.length === 0 ? 'none' : live.join(', ')})`,
        live,
      );
    }
  }

  return {
    name,
    target,
    timeframe,
    metric: definition.name,
    operator,
    threshold,
    band,
    cooldownSec,
    severity,
    expiresAt,
    channels,
    webhookUrl: webhookUrl === '' ? null : webhookUrl,
    enabled,
  };
}
