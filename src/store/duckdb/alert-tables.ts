// SQL of the alert tables (migration 2). Rules and events are JSON documents the alert engine
// owns; this module knows only the columns that queries filter on. A batch is written by one
// INSERT OR REPLACE statement, so it needs no transaction on the shared connection.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { timestampParam } from './row-mapping.js';

export interface AlertRuleRow {
  id: string;
  rule: unknown;
  state: unknown;
}

export interface AlertEventRow {
  id: string;
  ruleId: string;
  severity: string;
  firedAt: number;
  webhookStatus: string | null;
  event: unknown;
}

export interface AlertEventFilter {
  from?: number;
  to?: number;
  severities?: readonly string[];
  ruleId?: string;
  webhookStatus?: string;
  limit: number;
}

export async function loadAlertRules(connection: DuckDBConnection): Promise<AlertRuleRow[]> {
  const result = await connection.runAndReadAll(
    'SELECT id, rule::VARCHAR, state::VARCHAR FROM alert_rules ORDER BY id',
  );
  return result.getRows().map(([id, rule, state]) => ({
    id: id as string,
    rule: JSON.parse(rule as string),
    state: JSON.parse(state as string),
  }));
}

// A batch travels as one JSON array parameter and is unpacked by DuckDB: one short statement per
// batch, whatever its size, instead of a VALUES list to parse and thousands of values to bind.
const UPSERT_RULES = `INSERT OR REPLACE INTO alert_rules (id, rule, state, saved_at)
  SELECT r->>'id', r->'rule', r->'state', current_timestamp
  FROM (SELECT unnest(json_extract($batch::JSON, '$[*]')) AS r)`;

const EVENT_COLUMNS = `(id, rule_id, severity, fired_at, webhook_status, event)
  SELECT e->>'id', e->>'ruleId', e->>'severity', make_timestamp(round((e->>'firedAt')::DOUBLE * 1000)::BIGINT),
    e->>'webhookStatus', e->'event'
  FROM (SELECT unnest(json_extract($batch::JSON, '$[*]')) AS e)`;

const UPDATE_RULE_STATES = `UPDATE alert_rules SET state = s.state, saved_at = current_timestamp
  FROM (SELECT r->>'id' AS id, r->'state' AS state FROM (SELECT unnest(json_extract($batch::JSON, '$[*]')) AS r)) s
  WHERE alert_rules.id = s.id`;

/** The batch writes, each taking its rows as one JSON array (see writeAlertBatch). */
export const ALERT_BATCH_WRITES = {
  saveRules: UPSERT_RULES,
  saveRuleStates: UPDATE_RULE_STATES,
  /** New events: a plain INSERT, about twice as fast as an upsert on the primary key. */
  insertEvents: `INSERT INTO alert_events ${EVENT_COLUMNS}`,
  saveEvents: `INSERT OR REPLACE INTO alert_events ${EVENT_COLUMNS}`,
} as const;

export type AlertBatchWrite = keyof typeof ALERT_BATCH_WRITES;

/**
 * Writes a batch already serialised as a JSON array: a caller on another thread sends the string,
 * which crosses threads as one copy instead of a structured clone of every row.
 */
export async function writeAlertBatch(
  connection: DuckDBConnection,
  kind: AlertBatchWrite,
  batchJson: string,
): Promise<void> {
  if (!Object.hasOwn(ALERT_BATCH_WRITES, kind)) throw new Error(`unknown alert batch write "${kind}"`);
  if (batchJson !== '[]') await connection.run(ALERT_BATCH_WRITES[kind], { batch: batchJson });
}

export async function deleteAlertRule(connection: DuckDBConnection, id: string): Promise<boolean> {
  const result = await connection.run('DELETE FROM alert_rules WHERE id = $id', { id });
  return result.rowsChanged > 0;
}

export async function readAlertEvents(connection: DuckDBConnection, filter: AlertEventFilter): Promise<unknown[]> {
  const conditions: string[] = [];
  const params: Record<string, DuckDBValue> = {};
  if (filter.from !== undefined) {
    conditions.push('fired_at >= $from');
    params.from = timestampParam(filter.from);
  }
  if (filter.to !== undefined) {
    conditions.push('fired_at < $to');
    params.to = timestampParam(filter.to);
  }
  if (filter.ruleId !== undefined) {
    conditions.push('rule_id = $ruleId');
    params.ruleId = filter.ruleId;
  }
  if (filter.webhookStatus !== undefined) {
    conditions.push('webhook_status = $webhookStatus');
    params.webhookStatus = filter.webhookStatus;
  }
  if (filter.severities !== undefined) {
    const names = filter.severities.map((severity, i) => {
      params[`severity${i}`] = severity;
      return `$severity${i}`;
    });
    conditions.push(names.length === 0 ? 'false' : `severity IN (${names.join(', ')})`);
  }
  if (!Number.isInteger(filter.limit) || filter.limit < 0)
    throw new RangeError(`limit must be a non-negative integer, got ${filter.limit}`);
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const result = await connection.runAndReadAll(
    `SELECT event::VARCHAR FROM alert_events ${where} ORDER BY fired_at DESC, id DESC LIMIT ${filter.limit}`,
    params,
  );
  return result.getRows().map(([event]) => JSON.parse(event as string));
}

export async function readAlertEvent(connection: DuckDBConnection, id: string): Promise<unknown | undefined> {
  const result = await connection.runAndReadAll('SELECT event::VARCHAR FROM alert_events WHERE id = $id', { id });
  const event = result.getRows()[0]?.[0];
  return typeof event === 'string' ? JSON.parse(event) : undefined;
}

export async function pruneAlertEvents(
  connection: DuckDBConnection,
  retention: { before: number; keep: number },
): Promise<number> {
  if (!Number.isInteger(retention.keep) || retention.keep < 0)
    throw new RangeError(`keep must be a non-negative integer, got ${retention.keep}`);
  const result = await connection.run(
    `DELETE FROM alert_events WHERE fired_at < $before
       OR id IN (SELECT id FROM alert_events ORDER BY fired_at DESC, id DESC OFFSET ${retention.keep})`,
    { before: timestampParam(retention.before) },
  );
  return result.rowsChanged;
}
