// The columns of the alert-event and gap tables as files: one row per record, nested objects
// flattened into named columns (a pair target becomes `x` and `y`, the webhook delivery its status).
import type { AlertEvent } from '../../alerts/alert-event.js';
import type { GapRecord } from '../../sources/binance/gap-log.js';
import type { Column } from './table-export.js';

export const ALERT_EVENT_COLUMNS: Column<AlertEvent>[] = [
  { name: 'firedAt', kind: 'double', value: (e) => e.firedAt },
  { name: 'id', kind: 'text', value: (e) => e.id },
  { name: 'ruleId', kind: 'text', value: (e) => e.ruleId },
  { name: 'ruleName', kind: 'text', value: (e) => e.ruleName },
  { name: 'severity', kind: 'text', value: (e) => e.severity },
  { name: 'instrument', kind: 'text', value: (e) => ('instrument' in e.target ? e.target.instrument : null) },
  { name: 'pairX', kind: 'text', value: (e) => ('pair' in e.target ? e.target.pair.x : null) },
  { name: 'pairY', kind: 'text', value: (e) => ('pair' in e.target ? e.target.pair.y : null) },
  { name: 'timeframe', kind: 'text', value: (e) => e.timeframe },
  { name: 'metric', kind: 'text', value: (e) => e.metric },
  { name: 'operator', kind: 'text', value: (e) => e.operator },
  { name: 'threshold', kind: 'double', value: (e) => e.threshold },
  { name: 'band', kind: 'double', value: (e) => e.band },
  { name: 'value', kind: 'double', value: (e) => e.value },
  { name: 'previousValue', kind: 'double', value: (e) => e.previousValue },
  { name: 'barStart', kind: 'bigint', value: (e) => e.barStart },
  { name: 'wsSubscribers', kind: 'bigint', value: (e) => e.delivery.ws.subscribers },
  { name: 'webhookStatus', kind: 'text', value: (e) => e.delivery.webhook?.status ?? null },
  { name: 'webhookAttempts', kind: 'bigint', value: (e) => e.delivery.webhook?.attempts ?? null },
  { name: 'webhookLastError', kind: 'text', value: (e) => e.delivery.webhook?.lastError ?? null },
];

export const GAP_COLUMNS: Column<GapRecord>[] = [
  { name: 'detectedAt', kind: 'double', value: (g) => g.detectedAt },
  { name: 'instrument', kind: 'text', value: (g) => g.instrument },
  { name: 'fromId', kind: 'bigint', value: (g) => g.fromId },
  { name: 'toId', kind: 'bigint', value: (g) => g.toId },
  { name: 'fromTs', kind: 'double', value: (g) => g.fromTs },
  { name: 'toTs', kind: 'double', value: (g) => g.toTs },
  { name: 'filled', kind: 'boolean', value: (g) => g.filled },
  { name: 'filledCount', kind: 'bigint', value: (g) => g.filledCount },
  { name: 'skippedCount', kind: 'bigint', value: (g) => g.skippedCount },
  { name: 'method', kind: 'text', value: (g) => g.method },
  { name: 'filledAt', kind: 'double', value: (g) => g.filledAt },
  { name: 'error', kind: 'text', value: (g) => g.error },
];

/** Gaps whose first missing trade (else their detection) falls in [from, to). */
export function gapInRange(gap: GapRecord, from: number | undefined, to: number | undefined): boolean {
  const at = gap.fromTs ?? gap.detectedAt;
  return (from === undefined || at >= from) && (to === undefined || at < to);
}
