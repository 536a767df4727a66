import { describe, expect, it } from 'vitest';
import { normalizeInstrumentId } from '../domain/index.js';
import {
  RuleValidationError,
  resolveRuleInput,
  type RuleInput,
  type RuleValidationContext,
} from './rule-validation.js';
import { metricNames } from './metrics.js';

const NOW = Date.UTC(2024, 7, 8, 12, 0, 0);
const context: RuleValidationContext = {
  now: NOW,
  resolveInstrument: (id) => normalizeInstrumentId(id, 'binance'),
  livePairIds: () => ['binance:BTCUSDT/binance:ETHUSDT:1m'],
  checkWebhookUrl: async (url) => {
    if (url.includes('127.0.0.1')) throw new Error('127.0.0.1 is a loopback address');
  },
};

const valid: RuleInput = {
  name: 'BTC above 70k',
  target: { instrument: 'btcusdt' },
  timeframe: '1m',
  metric: 'price',
  operator: '>',
  threshold: 70_000,
};

async function failure(input: RuleInput): Promise<RuleValidationError> {
  try {
    await resolveRuleInput(input, null, context);
  } catch (error) {
    if (error instanceof RuleValidationError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('resolveRuleInput', () => {
  it('fills the defaults and normalizes the instrument', async () => {
    expect(await resolveRuleInput(valid, null, context)).toEqual({
      ...valid,
      target: { instrument: 'binance:BTCUSDT' },
      band: null,
      cooldownSec: 60,
      severity: 'medium',
      expiresAt: null,
      channels: ['ws'],
      webhookUrl: null,
      enabled: true,
    });
  });

  it.each<[string, RuleInput, string, RegExp]>([
    ['a missing field', { ...valid, threshold: undefined }, 'threshold', /is required/],
    [
      'a pair metric on an instrument',
      { ...valid, metric: 'half_life' },
      'metric',
      /not an instrument metric; allowed: price, open/,
    ],
    [
      'an instrument metric on a pair',
      { ...valid, target: { pair: { x: 'BTCUSDT', y: 'ETHUSDT' } }, metric: 'rsi' },
      'metric',
      /not a pair metric; allowed: zscore, spread, hedge_ratio/,
    ],
    [
      'both target kinds',
      { ...valid, target: { instrument: 'BTCUSDT', pair: { x: 'BTCUSDT', y: 'ETHUSDT' } } },
      'target',
      /exactly one of/,
    ],
    ['a bad instrument', { ...valid, target: { instrument: 'BTC-USD' } }, 'target.instrument', /invalid instrument/],
    [
      'a pair of one instrument',
      { ...valid, target: { pair: { x: 'BTCUSDT', y: 'binance:BTCUSDT' } }, metric: 'zscore' },
      'target.pair.y',
      /other than x/,
    ],
    [
      'a pair that is not live',
      { ...valid, target: { pair: { x: 'ETHUSDT', y: 'BTCUSDT' } }, metric: 'zscore' },
      'target.pair',
      /not live.*binance:BTCUSDT\/binance:ETHUSDT:1m/,
    ],
    [
      'an unknown operator',
      { ...valid, operator: '=>' },
      'operator',
      /one of >, <, >=, <=, crosses_above, crosses_below, abs_gt/,
    ],
    ['a negative abs_gt threshold', { ...valid, operator: 'abs_gt', threshold: -1 }, 'threshold', /≥ 0 with abs_gt/],
    [
      'an abs_gt band that never re-arms',
      { ...valid, operator: 'abs_gt', threshold: 2, band: 3 },
      'band',
      /≤ threshold/,
    ],
    ['a negative band', { ...valid, band: -1 }, 'band', /≥ 0/],
    ['a fractional cooldown', { ...valid, cooldownSec: 1.5 }, 'cooldownSec', /integer from 0 to 604800/],
    ['an unknown severity', { ...valid, severity: 'urgent' }, 'severity', /critical, high, medium, low/],
    ['an expiry in the past', { ...valid, expiresAt: NOW - 1 }, 'expiresAt', /in the future/],
    [
      'channels without ws',
      { ...valid, channels: ['webhook'], webhookUrl: 'https://example.com/hook' },
      'channels',
      /must include "ws"/,
    ],
    ['a webhook channel without URL', { ...valid, channels: ['ws', 'webhook'] }, 'webhookUrl', /required/],
    [
      'a refused webhook target',
      { ...valid, channels: ['ws', 'webhook'], webhookUrl: 'http://127.0.0.1:9/hook' },
      'webhookUrl',
      /loopback/,
    ],
    ['a blank name', { ...valid, name: '   ' }, 'name', /1 to 200 characters/],
  ])('rejects %s, naming the field', async (_case, input, field, message) => {
    const error = await failure(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('lists the allowed values of the target kind for a wrong metric', async () => {
    const error = await failure({ ...valid, target: { pair: { x: 'BTCUSDT', y: 'ETHUSDT' } }, metric: 'price' });
    expect(error.allowed).toEqual(metricNames('pair'));
  });

  it('merges a patch over the stored rule and validates the result', async () => {
    const stored = {
      ...(await resolveRuleInput(valid, null, context)),
      id: 'r1',
      createdAt: NOW,
      updatedAt: NOW,
      expiredAt: null,
    };
    const patched = await resolveRuleInput({ enabled: false, threshold: 71_000 }, stored, context);
    expect(patched).toMatchObject({
      enabled: false,
      threshold: 71_000,
      name: valid.name,
      target: { instrument: 'binance:BTCUSDT' },
    });
    await expect(resolveRuleInput({ operator: 'abs_gt', threshold: -5 }, stored, context)).rejects.toThrow(
      /threshold: must be ≥ 0/,
    );
  });

  it('refuses to enable an expired rule without a new expiry', async () => {
    const stored = {
      ...(await resolveRuleInput(valid, null, context)),
      id: 'r1',
      createdAt: NOW,
      updatedAt: NOW,
      expiresAt: NOW - 10,
      expiredAt: NOW - 10,
    };
    await expect(resolveRuleInput({ enabled: true }, stored, context)).rejects.toThrow(
      /expiresAt: the rule has expired/,
    );
    expect(await resolveRuleInput({ enabled: true, expiresAt: null }, stored, context)).toMatchObject({
      enabled: true,
      expiresAt: null,
    });
  });
});
