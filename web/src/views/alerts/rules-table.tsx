// The rules: switch one on or off, edit or delete it (a second click confirms), and see whether
// it is armed or latched, how often it fired and when last.
import { useState } from 'react';
import { deleteRule, updateRule } from '../../api/alerts-api.ts';
import { targetLabel, type AlertRule } from '../../api/alert-types.ts';
import { describeError } from '../../api/http.ts';
import { formatInteger, formatSignificant } from '../../format/number-format.ts';
import { conditionText } from '../shared/alert-condition.ts';
import { SeverityBadge } from '../shared/severity-badge.tsx';
import { UtcTime } from '../shared/utc-time.tsx';

interface RulesTableProps {
  rules: readonly AlertRule[];
  editingId: string | null;
  onChanged(rule: AlertRule): void;
  onDeleted(id: string): void;
  onEdit(rule: AlertRule): void;
}

function statusOf(rule: AlertRule): { label: string; tone: string; title: string } {
  if (rule.status === 'expired')
    return { label: 'Expired', tone: 'warn', title: 'Past its expiry: it no longer fires' };
  if (rule.status === 'disabled') return { label: 'Off', tone: '', title: 'Disabled' };
  if (rule.state.latched)
    return {
      label: 'Latched',
      tone: 'warn',
      title: 'The condition holds: it fires again once the value moves back past the band',
    };
  return { label: 'Armed', tone: 'ok', title: 'Waiting for the condition' };
}

export function RulesTable({ rules, editingId, onChanged, onDeleted, onEdit }: RulesTableProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (id: string, action: () => Promise<void>) => {
    setBusy(id);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="table-scroll">
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <table className="data-table compact rules-table" aria-label="Alert rules">
        <thead>
          <tr>
            <th scope="col">On</th>
            <th scope="col">Rule</th>
            <th scope="col">Target</th>
            <th scope="col">Condition</th>
            <th scope="col">Severity</th>
            <th scope="col">State</th>
            <th scope="col" className="right">
              Last value
            </th>
            <th scope="col" className="right">
              Fired
            </th>
            <th scope="col">Last fired (UTC)</th>
            <th scope="col" className="right">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.length === 0 && (
            <tr className="empty-row">
              <td colSpan={10}>No rules yet: create one with the form.</td>
            </tr>
          )}
          {rules.map((rule) => {
            const status = statusOf(rule);
            return (
              <tr key={rule.id} className={rule.id === editingId ? 'selected' : ''} data-rule={rule.name}>
                <td>
                  <button
                    type="button"
                    role="switch"
                    className="switch"
                    aria-checked={rule.enabled}
                    aria-label={`Enable ${rule.name}`}
                    disabled={busy === rule.id || rule.status === 'expired'}
                    onClick={() =>
                      void run(rule.id, async () => onChanged(await updateRule(rule.id, { enabled: !rule.enabled })))
                    }
                  />
                </td>
                <th scope="row" className="row-head rule-name">
                  {rule.name}
                </th>
                <td className="num">
                  {targetLabel(rule.target)} <span className="muted">· {rule.timeframe}</span>
                </td>
                <td
                  className="num"
                  title={
                    `band ${formatSignificant(rule.band, 4)}${rule.bandAuto ? ' (auto)' : ''} · cooldown ` +
                    `${rule.cooldownSec}s`
                  }
                >
                  {conditionText(rule.metric, rule.operator, rule.threshold)}
                </td>
                <td>
                  <SeverityBadge severity={rule.severity} />
                </td>
                <td>
                  <span className={`pill ${status.tone}`} title={status.title}>
                    {status.label}
                  </span>
                </td>
                <td className="right num">{formatSignificant(rule.state.lastValue, 6)}</td>
                <td className="right num" title={`${rule.state.suppressedCount} held back by the cooldown`}>
                  {formatInteger(rule.state.fireCount)}
                </td>
                <td>
                  {rule.state.lastFiredAt !== null ? (
                    <UtcTime ms={rule.state.lastFiredAt} />
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td className="right actions">
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Edit ${rule.name}`}
                    onClick={() => onEdit(rule)}
                  >
                    Edit
                  </button>
                  {confirming === rule.id ? (
                    <button
                      type="button"
                      className="button small danger"
                      aria-label={`Confirm deleting ${rule.name}`}
                      disabled={busy === rule.id}
                      onBlur={() => setConfirming(null)}
                      onClick={() =>
                        void run(rule.id, async () => {
                          await deleteRule(rule.id);
                          setConfirming(null);
                          onDeleted(rule.id);
                        })
                      }
                    >
                      Confirm
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button small danger"
                      aria-label={`Delete ${rule.name}`}
                      onClick={() => setConfirming(rule.id)}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
