// Create or edit an alert rule. The choices come from the server's catalog (metrics per target
// kind, operators, severities, live pairs); every field is checked as the server would before
// sending, and a refusal from the server lands next to the field it names.
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { createRule, updateRule } from '../../api/alerts-api.ts';
import type { AlertCatalog, AlertRule, Severity, TargetKind } from '../../api/alert-types.ts';
import type { Instrument, Timeframe } from '../../api/types.ts';
import { formatSignificant } from '../../format/number-format.ts';
import {
  draftFromRule,
  draftToInput,
  emptyDraft,
  serverErrors,
  validateDraft,
  type DraftErrors,
  type RuleDraft,
} from '../../state/rule-draft.ts';
import { SegmentedControl } from '../shared/segmented-control.tsx';
import { FormField } from './form-field.tsx';

interface RuleFormProps {
  catalog: AlertCatalog;
  instruments: readonly Instrument[];
  editing: AlertRule | null;
  onSaved(rule: AlertRule, created: boolean): void;
  onCancelEdit(): void;
}

const TARGET_KINDS: readonly TargetKind[] = ['instrument', 'pair'];

export function RuleForm({ catalog, instruments, editing, onSaved, onCancelEdit }: RuleFormProps) {
  const [draft, setDraft] = useState<RuleDraft>(() =>
    editing ? draftFromRule(editing, catalog) : emptyDraft(catalog, instruments[0]?.id ?? ''),
  );
  const [errors, setErrors] = useState<DraftErrors>({});
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  // Only a different rule (or leaving edit mode) resets the form; catalog refreshes do not.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset per rule
  useEffect(() => {
    setDraft(editing ? draftFromRule(editing, catalog) : emptyDraft(catalog, instruments[0]?.id ?? ''));
    setErrors({});
    setNotice(null);
  }, [editing?.id]);

  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined, form: undefined }));
    setNotice(null);
  };

  const checkbox = (key: 'webhook' | 'enabled') => ({
    checked: draft[key],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key, event.target.checked),
  });

  const setKind = (kind: TargetKind) => {
    const metrics = catalog.metrics[kind];
    setDraft((current) => ({
      ...current,
      kind,
      metric: metrics.some((m) => m.name === current.metric) ? current.metric : (metrics[0]?.name ?? ''),
    }));
    setErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateDraft(draft, catalog);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setPending(true);
    try {
      const input = draftToInput(draft, catalog);
      const saved = editing ? await updateRule(editing.id, input) : await createRule(input);
      onSaved(saved, !editing);
      setNotice(editing ? `Saved “${saved.name}”.` : `Created “${saved.name}”.`);
      if (!editing) setDraft((current) => ({ ...current, name: '', threshold: '' }));
    } catch (caught) {
      setErrors(serverErrors(caught, draft.kind));
    } finally {
      setPending(false);
    }
  };

  const metric = catalog.metrics[draft.kind].find((candidate) => candidate.name === draft.metric);
  const operator = catalog.operators.find((candidate) => candidate.name === draft.operator);
  const threshold = Number(draft.threshold);
  const defaultBand =
    metric && draft.threshold.trim() !== '' && Number.isFinite(threshold)
      ? Math.max(metric.defaultBand.relative * Math.abs(threshold), metric.defaultBand.min)
      : null;

  return (
    <form
      ref={form}
      className="rule-form"
      onSubmit={(event) => void submit(event)}
      aria-label={editing ? `Edit rule ${editing.name}` : 'New alert rule'}
      noValidate
    >
      <header className="side-header">
        <h2>{editing ? 'Edit rule' : 'New rule'}</h2>
        {editing && <span className="muted">{editing.id}</span>}
      </header>
      <div className="form-grid">
        <FormField label="Name" error={errors.name} wide>
          <input
            className="input wide"
            value={draft.name}
            maxLength={200}
            placeholder="e.g. BTC/ETH spread rich"
            onChange={(event) => set('name', event.target.value)}
          />
        </FormField>
        <div className="form-field wide">
          <SegmentedControl
            label="Target"
            options={TARGET_KINDS}
            value={draft.kind}
            onChange={setKind}
            format={(kind) => (kind === 'instrument' ? 'Instrument' : 'Live pair')}
          />
        </div>
        {draft.kind === 'instrument' ? (
          <>
            <FormField label="Instrument" error={errors.instrument}>
              <select
                className="select"
                value={draft.instrument}
                onChange={(event) => set('instrument', event.target.value)}
              >
                {instruments.map((instrument) => (
                  <option key={instrument.id} value={instrument.id}>
                    {instrument.id}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField label="Timeframe" error={errors.timeframe}>
              <select
                className="select"
                value={draft.timeframe}
                onChange={(event) => set('timeframe', event.target.value as Timeframe)}
              >
                {catalog.timeframes.map((timeframe) => (
                  <option key={timeframe} value={timeframe}>
                    {timeframe}
                  </option>
                ))}
              </select>
            </FormField>
          </>
        ) : (
          <FormField
            label="Live pair"
            error={errors.pairId}
            hint="Alerts watch pairs the server runs live (Pairs view → Run live on server)."
            wide
          >
            <select className="select" value={draft.pairId} onChange={(event) => set('pairId', event.target.value)}>
              {catalog.livePairs.length === 0 && <option value="">No live pairs</option>}
              {catalog.livePairs.map((pair) => (
                <option key={pair.id} value={pair.id}>
                  {pair.y} / {pair.x} · {pair.timeframe}
                </option>
              ))}
            </select>
          </FormField>
        )}
        <FormField label="Metric" error={errors.metric} hint={metric?.description} wide>
          <select className="select" value={draft.metric} onChange={(event) => set('metric', event.target.value)}>
            {catalog.metrics[draft.kind].map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Operator" error={errors.operator} hint={operator?.description} wide>
          <select className="select" value={draft.operator} onChange={(event) => set('operator', event.target.value)}>
            {catalog.operators.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Threshold" error={errors.threshold}>
          <input
            className="input num"
            inputMode="decimal"
            value={draft.threshold}
            placeholder="2"
            onChange={(event) => set('threshold', event.target.value)}
          />
        </FormField>
        <FormField
          label="Band (hysteresis)"
          error={errors.band}
          hint={defaultBand !== null ? `empty = ${formatSignificant(defaultBand, 4)}` : 'empty = metric default'}
        >
          <input
            className="input num"
            inputMode="decimal"
            value={draft.band}
            placeholder="auto"
            onChange={(event) => set('band', event.target.value)}
          />
        </FormField>
        <FormField label="Cooldown (s)" error={errors.cooldownSec}>
          <input
            className="input num"
            inputMode="numeric"
            value={draft.cooldownSec}
            onChange={(event) => set('cooldownSec', event.target.value)}
          />
        </FormField>
        <FormField label="Expires (UTC)" error={errors.expiresAt} hint="empty = never">
          <input
            className="input"
            type="datetime-local"
            value={draft.expiresAt}
            onChange={(event) => set('expiresAt', event.target.value)}
          />
        </FormField>
        <div className="form-field wide">
          <SegmentedControl<Severity>
            label="Severity"
            options={catalog.severities}
            value={draft.severity}
            format={(severity) => severity[0].toUpperCase() + severity.slice(1)}
            optionLabel={(severity) => `Severity ${severity}`}
            onChange={(severity) => set('severity', severity)}
          />
        </div>
        <div className="form-field wide checkbox-row">
          <label>
            <input type="checkbox" {...checkbox('webhook')} /> Also POST to a webhook
          </label>
          <label>
            <input type="checkbox" {...checkbox('enabled')} /> Enabled
          </label>
        </div>
        {draft.webhook && (
          <FormField
            label="Webhook URL"
            error={errors.webhookUrl}
            hint={
              catalog.webhooks.allowPrivateTargets
                ? undefined
                : 'private and loopback addresses are refused by this server'
            }
            wide
          >
            <input
              className="input wide"
              value={draft.webhookUrl}
              placeholder="https://hooks.example.com/tickscope"
              onChange={(event) => set('webhookUrl', event.target.value)}
            />
          </FormField>
        )}
      </div>
      {errors.form && (
        <p className="field-error form-error" role="alert">
          {errors.form}
        </p>
      )}
      {Object.keys(errors).some((key) => errors[key as keyof DraftErrors]) && !errors.form && (
        <p className="field-error form-error" role="alert">
          Check the highlighted fields.
        </p>
      )}
      {notice && (
        <p className="form-notice" role="status">
          {notice}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : editing ? 'Save rule' : 'Create rule'}
        </button>
        {editing && (
          <button type="button" className="button" onClick={onCancelEdit}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
