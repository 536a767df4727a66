// The alert history, newest first: when, how loud, which rule on what, the value that fired it,
// and how it was delivered. Severity chips filter it.
import { useState } from 'react';
import { SEVERITIES, targetLabel, type AlertEvent, type Severity } from '../../api/alert-types.ts';
import { formatSignificant } from '../../format/number-format.ts';
import { conditionText } from '../shared/alert-condition.ts';
import { SeverityBadge } from '../shared/severity-badge.tsx';
import { UtcTime } from '../shared/utc-time.tsx';

function deliveryText(event: AlertEvent): { text: string; tone: string } {
  const ws = `ws → ${event.delivery.ws.subscribers}`;
  const webhook = event.delivery.webhook;
  if (!webhook) return { text: ws, tone: '' };
  const tone = webhook.status === 'delivered' ? 'ok' : webhook.status === 'failed' ? 'bad' : 'warn';
  const detail =
    webhook.status === 'failed' && webhook.lastError
      ? ` (${webhook.lastError})`
      : webhook.attempts > 1
        ? ` after ${webhook.attempts} attempts`
        : '';
  return { text: `${ws} · webhook ${webhook.status}${detail}`, tone };
}

export function EventsTable({ events }: { events: readonly AlertEvent[] }) {
  const [shown, setShown] = useState<ReadonlySet<Severity>>(new Set(SEVERITIES));
  const toggle = (severity: Severity) =>
    setShown((current) => {
      const next = new Set(current);
      if (next.has(severity)) next.delete(severity);
      else next.add(severity);
      return next;
    });
  const visible = events.filter((event) => shown.has(event.severity));
  return (
    <>
      <div className="chip-row" role="group" aria-label="Filter by severity">
        {SEVERITIES.map((severity) => (
          <button
            key={severity}
            type="button"
            className={`chip sev-${severity}`}
            aria-pressed={shown.has(severity)}
            onClick={() => toggle(severity)}
          >
            {severity} <span className="num">{events.filter((event) => event.severity === severity).length}</span>
          </button>
        ))}
      </div>
      <div className="table-scroll">
        <table className="data-table compact" aria-label="Alert history">
          <thead>
            <tr>
              <th scope="col">Fired (UTC)</th>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col">Target</th>
              <th scope="col">Condition</th>
              <th scope="col" className="right">
                Value
              </th>
              <th scope="col" className="right">
                Previous
              </th>
              <th scope="col">Bar (UTC)</th>
              <th scope="col">Delivery</th>
            </tr>
          </thead>
          <tbody>
            {visible.length === 0 && (
              <tr className="empty-row">
                <td colSpan={9}>
                  {events.length === 0 ? 'No alert has fired yet.' : 'No event of the chosen severities.'}
                </td>
              </tr>
            )}
            {visible.map((event) => {
              const delivery = deliveryText(event);
              return (
                <tr key={event.id}>
                  <td>
                    <UtcTime ms={event.firedAt} />
                  </td>
                  <td>
                    <SeverityBadge severity={event.severity} />
                  </td>
                  <th scope="row" className="row-head rule-name">
                    {event.ruleName}
                  </th>
                  <td className="num">
                    {targetLabel(event.target)} <span className="muted">· {event.timeframe}</span>
                  </td>
                  <td className="num">{conditionText(event.metric, event.operator, event.threshold)}</td>
                  <td className="right num strong">{formatSignificant(event.value, 6)}</td>
                  <td className="right num muted">{formatSignificant(event.previousValue, 6)}</td>
                  <td>
                    <UtcTime ms={event.barStart} format="clock" seconds={event.timeframe === '1s'} />
                  </td>
                  <td className={delivery.tone}>{delivery.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
