import { describe, expect, it } from 'vitest';
import type { AlertCatalog, AlertRule } from '../api/alert-types.ts';
import { ApiError } from '../api/http.ts';
import {
  draftFromRule,
  draftToInput,
  emptyDraft,
  parseUtcInput,
  serverErrors,
  utcInputValue,
  validateDraft,
} from './rule-draft.ts';

const catalog: AlertCatalog = {
  metrics: {
    instrument: [{ name: 'price', description: 'close', source: 'point', defaultBand: { relative: 0.1, min: 0 } }],
    pair: [{ name: 'zscore', description: 'z', source: 'point', defaultBand: { relative: 0.1, min: 0.1 } }],
  },
  operators: [
    { name: '>', description: '' },
    { name: 'abs_gt', description: '' },
  ],
  severities: ['critical', 'high', 'medium', 'low'],
  channels: ['ws', 'webhook'],
  timeframes: ['1s', '1m'],
  livePairs: [{ id: 'sim:AAA/sim:BBB:1s', x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' }],
  defaults: { cooldownSec: 60, severity: 'medium', channels: ['ws'], enabled: true },
  webhooks: { allowPrivateTargets: false },
};

describe('rule draft', () => {
  it('starts from the catalog defaults and asks for a name and a threshold', () => {
    const draft = emptyDraft(catalog, 'sim:AAA');
    expect(draft).toMatchObject({
      kind: 'instrument',
      metric: 'price',
      operator: '>',
      cooldownSec: '60',
      severity: 'medium',
      enabled: true,
    });
    expect(validateDraft(draft, catalog)).toEqual({
      name: 'Give the rule a name.',
      threshold: 'A number, e.g. 2 or -0.5.',
    });
  });

  it('checks ranges, the metric for the target kind, the expiry and the webhook URL', () => {
    const draft = {
      ...emptyDraft(catalog, 'sim:AAA'),
      name: 'x',
      threshold: '1',
      cooldownSec: '-1',
      band: '-2',
      expiresAt: '2000-01-01T00:00',
      webhook: true,
      webhookUrl: 'ftp://x',
    };
    expect(validateDraft(draft, catalog, Date.UTC(2024, 0, 1))).toEqual({
      band: 'A number ≥ 0, or empty for the default.',
      cooldownSec: 'Whole seconds from 0 to 604800.',
      expiresAt: 'In the future (UTC).',
      webhookUrl: 'An http:// or https:// URL.',
    });
    expect(validateDraft({ ...draft, kind: 'pair' }, catalog).metric).toBe('Choose a pair metric.');
  });

  it('builds the request body: a pair target takes the live pair timeframe; empty band and expiry are left out', () => {
    const draft = {
      ...emptyDraft(catalog, 'sim:AAA'),
      name: ' z ',
      kind: 'pair' as const,
      metric: 'zscore',
      operator: 'abs_gt',
      threshold: '0.5',
      timeframe: '1m' as const,
    };
    expect(draftToInput(draft, catalog)).toEqual({
      name: 'z',
      target: { pair: { x: 'sim:AAA', y: 'sim:BBB' } },
      timeframe: '1s',
      metric: 'zscore',
      operator: 'abs_gt',
      threshold: 0.5,
      cooldownSec: 60,
      severity: 'medium',
      channels: ['ws'],
      enabled: true,
    });
  });

  it('round-trips a rule through the form, keeping an explicit band and the expiry in UTC', () => {
    const rule = {
      id: 'r1',
      name: 'n',
      target: { instrument: 'sim:AAA' },
      timeframe: '1m',
      metric: 'price',
      operator: '>',
      threshold: 100,
      band: 2,
      bandAuto: false,
      cooldownSec: 30,
      severity: 'high',
      expiresAt: Date.UTC(2030, 4, 6, 7, 8),
      channels: ['ws'],
      webhookUrl: null,
      enabled: false,
    } as unknown as AlertRule;
    const draft = draftFromRule(rule, catalog);
    expect(draft).toMatchObject({ band: '2', expiresAt: '2030-05-06T07:08', enabled: false, severity: 'high' });
    expect(draftToInput(draft, catalog)).toMatchObject({
      threshold: 100,
      band: 2,
      expiresAt: Date.UTC(2030, 4, 6, 7, 8),
      enabled: false,
    });
    expect(parseUtcInput(utcInputValue(Date.UTC(2031, 0, 2, 3, 4)))).toBe(Date.UTC(2031, 0, 2, 3, 4));
  });

  it("puts the server's 400 next to the field it names", () => {
    const error = new ApiError(400, 'invalid_rule', 'pair is not live', [
      { field: 'target.pair', message: 'pair sim:A/sim:B:1m is not live' },
    ]);
    expect(serverErrors(error, 'pair')).toEqual({ pairId: 'pair sim:A/sim:B:1m is not live' });
    expect(serverErrors(new ApiError(409, 'not_supported', 'alerts are not running'), 'instrument')).toEqual({
      form: 'alerts are not running',
    });
  });
});
