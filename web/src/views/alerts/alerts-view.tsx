// Alerts: the rule form built from the server's catalog, the rules with their live state, and the
// history of fired events (also announced as toasts on every view).
import { useState } from 'react';
import type { AlertRule } from '../../api/alert-types.ts';
import { EVENT_HISTORY_LIMIT, useAlertsData } from '../../state/use-alerts-data.ts';
import { useInstruments } from '../../state/use-instruments.ts';
import { EventsTable } from './events-table.tsx';
import { RuleForm } from './rule-form.tsx';
import { RulesTable } from './rules-table.tsx';
import '../../styles/tables-view.css';
import '../../styles/alerts.css';

export function AlertsView() {
  const { catalog, rules, events, error, upsertRule, removeRule } = useAlertsData();
  const { instruments } = useInstruments();
  const [editing, setEditing] = useState<AlertRule | null>(null);

  if (error && !catalog) {
    return (
      <main id="main" className="view view-loading" role="alert">
        Alerts are not available: {error}
      </main>
    );
  }
  if (!catalog || !rules || !events || !instruments) {
    return (
      <main id="main" className="view view-loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading alert rules…
      </main>
    );
  }
  const active = rules.filter((rule) => rule.status === 'active').length;
  return (
    <main id="main" className="view alerts-view">
      <aside className="alerts-side">
        <RuleForm
          catalog={catalog}
          instruments={instruments}
          editing={editing}
          onSaved={(rule) => {
            upsertRule(rule);
            setEditing(null);
          }}
          onCancelEdit={() => setEditing(null)}
        />
      </aside>
      <section className="alerts-rules side-panel" aria-labelledby="rules-heading">
        <header className="side-header">
          <h2 id="rules-heading">Rules</h2>
          <span className="muted">
            {rules.length} rules · {active} active · evaluated on every bar close
          </span>
        </header>
        <RulesTable
          rules={rules}
          editingId={editing?.id ?? null}
          onChanged={upsertRule}
          onDeleted={(id) => {
            removeRule(id);
            if (editing?.id === id) setEditing(null);
          }}
          onEdit={setEditing}
        />
      </section>
      <section className="alerts-history side-panel" aria-labelledby="history-heading">
        <header className="side-header">
          <h2 id="history-heading">History</h2>
          <span className="muted">newest first · last {EVENT_HISTORY_LIMIT} events · live</span>
        </header>
        <EventsTable events={events} />
      </section>
    </main>
  );
}
