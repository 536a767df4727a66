// The alert rule form as text fields: filled from a rule or the catalog defaults, checked field by
// field with the server's rules (so most mistakes are caught before the request), turned into
// the request body, and the server's 400 mapped back onto the field it names.
import type { AlertCatalog, AlertRule, RuleInput, Severity, TargetKind } from '../api/alert-types.ts';
import { ApiError } from '../api/http.ts';
import type { InstrumentId, Timeframe } from '../api/types.ts';

export interface RuleDraft {
  name: string;
  kind: TargetKind;
  instrument: InstrumentId;
  /** Live pair id `<x>/<y>:<timeframe>`. */
  pairId: string;
  timeframe: Timeframe;
  metric: string;
  operator: string;
  threshold: string;
  /** Empty: the metric's default band. */
  band: string;
  cooldownSec: string;
  severity: Severity;
  /** `YYYY-MM-DDTHH:MM` in UTC, or empty. */
  expiresAt: string;
  webhook: boolean;
  webhookUrl: string;
  enabled: boolean;
}

export type DraftField = keyof RuleDraft;
export type DraftErrors = Partial<Record<DraftField | 'form', string>>;

const MAX_COOLDOWN = 7 * 86_400;

export function emptyDraft(catalog: AlertCatalog, instrument: InstrumentId): RuleDraft {
  return {
    name: '',
    kind: 'instrument',
    instrument,
    pairId: catalog.livePairs[0]?.id ?? '',
    timeframe: '1m',
    metric: catalog.metrics.instrument[0]?.name ?? 'price',
    operator: catalog.operators[0]?.name ?? '>',
    threshold: '',
    band: '',
    cooldownSec: String(catalog.defaults.cooldownSec),
    severity: catalog.defaults.severity,
    expiresAt: '',
    webhook: false,
    webhookUrl: '',
    enabled: catalog.defaults.enabled,
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

export function utcInputValue(ms: number): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function parseUtcInput(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi);
}

export function draftFromRule(rule: AlertRule, catalog: AlertCatalog): RuleDraft {
  const pair = rule.target.pair;
  return {
    name: rule.name,
    kind: pair ? 'pair' : 'instrument',
    instrument: rule.target.instrument ?? '',
    pairId: pair ? `${pair.x}/${pair.y}:${rule.timeframe}` : (catalog.livePairs[0]?.id ?? ''),
    timeframe: rule.timeframe,
    metric: rule.metric,
    operator: rule.operator,
    threshold: String(rule.threshold),
    band: rule.bandAuto ? '' : String(rule.band),
    cooldownSec: String(rule.cooldownSec),
    severity: rule.severity,
    expiresAt: rule.expiresAt !== null ? utcInputValue(rule.expiresAt) : '',
    webhook: rule.channels.includes('webhook'),
    webhookUrl: rule.webhookUrl ?? '',
    enabled: rule.enabled,
  };
}

function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function validateDraft(draft: RuleDraft, catalog: AlertCatalog, now = Date.now()): DraftErrors {
  const errors: DraftErrors = {};
  if (draft.name.trim() === '') errors.name = 'Give the rule a name.';
  else if (draft.name.length > 200) errors.name = 'At most 200 characters.';
  if (draft.kind === 'instrument' && !draft.instrument) errors.instrument = 'Choose an instrument.';
  if (draft.kind === 'pair' && !catalog.livePairs.some((pair) => pair.id === draft.pairId)) {
    errors.pairId =
      catalog.livePairs.length === 0
        ? 'No live pair: start one on the Pairs view (Run live on server).'
        : 'Choose a live pair.';
  }
  if (!catalog.metrics[draft.kind].some((metric) => metric.name === draft.metric))
    errors.metric = `Choose a ${draft.kind} metric.`;
  if (!catalog.operators.some((operator) => operator.name === draft.operator)) errors.operator = 'Choose an operator.';
  if (numberOrNull(draft.threshold) === null) errors.threshold = 'A number, e.g. 2 or -0.5.';
  if (draft.band.trim() !== '') {
    const band = numberOrNull(draft.band);
    if (band === null || band < 0) errors.band = 'A number ≥ 0, or empty for the default.';
  }
  const cooldown = numberOrNull(draft.cooldownSec);
  if (cooldown === null || !Number.isInteger(cooldown) || cooldown < 0 || cooldown > MAX_COOLDOWN)
    errors.cooldownSec = `Whole seconds from 0 to ${MAX_COOLDOWN}.`;
  if (draft.expiresAt.trim() !== '') {
    const expires = parseUtcInput(draft.expiresAt);
    if (expires === null) errors.expiresAt = 'A UTC date and time.';
    else if (expires <= now) errors.expiresAt = 'In the future (UTC).';
  }
  if (draft.webhook) {
    if (!/^https?:\/\/\S+$/i.test(draft.webhookUrl.trim())) errors.webhookUrl = 'An http:// or https:// URL.';
  }
  return errors;
}

/**
 * The request body. Empty optional fields are left out rather than sent as null: the server's
 * body coercion turns a null band into 0 and a null expiry into epoch 0 (reported), and leaving
 * them out means the same thing — the default band, no expiry.
 */
export function draftToInput(draft: RuleDraft, catalog: AlertCatalog): RuleInput {
  const pair = catalog.livePairs.find((candidate) => candidate.id === draft.pairId);
  const input: RuleInput = {
    name: draft.name.trim(),
    target: draft.kind === 'pair' && pair ? { pair: { x: pair.x, y: pair.y } } : { instrument: draft.instrument },
    timeframe: draft.kind === 'pair' && pair ? pair.timeframe : draft.timeframe,
    metric: draft.metric,
    // validateDraft checked it against the catalog's operators.
    operator: draft.operator as RuleInput['operator'],
    threshold: Number(draft.threshold),
    cooldownSec: Number(draft.cooldownSec),
    severity: draft.severity,
    channels: draft.webhook ? ['ws', 'webhook'] : ['ws'],
    enabled: draft.enabled,
  };
  const band = numberOrNull(draft.band);
  if (band !== null) input.band = band;
  const expiresAt = draft.expiresAt.trim() === '' ? null : parseUtcInput(draft.expiresAt);
  if (expiresAt !== null) input.expiresAt = expiresAt;
  if (draft.webhook) input.webhookUrl = draft.webhookUrl.trim();
  return input;
}

const SERVER_FIELDS: Record<string, DraftField> = {
  name: 'name',
  target: 'instrument',
  'target.instrument': 'instrument',
  'target.pair': 'pairId',
  'target.pair.x': 'pairId',
  'target.pair.y': 'pairId',
  timeframe: 'timeframe',
  metric: 'metric',
  operator: 'operator',
  threshold: 'threshold',
  band: 'band',
  cooldownSec: 'cooldownSec',
  severity: 'severity',
  expiresAt: 'expiresAt',
  channels: 'webhook',
  webhookUrl: 'webhookUrl',
  enabled: 'enabled',
};

/** Puts the server's complaint next to the field it names (or at the top of the form). */
export function serverErrors(error: unknown, kind: TargetKind): DraftErrors {
  if (!(error instanceof ApiError)) return { form: error instanceof Error ? error.message : String(error) };
  const details = Array.isArray(error.details) ? (error.details as Array<{ field?: string; message?: string }>) : [];
  const errors: DraftErrors = {};
  for (const detail of details) {
    let field = detail.field ? SERVER_FIELDS[detail.field] : undefined;
    if (field === 'instrument' && kind === 'pair') field = 'pairId';
    if (field) errors[field] = detail.message ?? error.message;
  }
  if (Object.keys(errors).length === 0) errors.form = error.message;
  return errors;
}
