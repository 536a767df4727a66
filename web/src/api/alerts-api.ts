// Alert endpoints: the rule catalog, rules (list, create, edit, delete) and the event history.
import type { AlertCatalog, AlertEvent, AlertRule, RuleInput, RulePatch, Severity } from './alert-types.ts';
import { getJson, query, requestJson } from './http.ts';

export function fetchAlertCatalog(signal?: AbortSignal): Promise<AlertCatalog> {
  return getJson('/alerts/metrics', signal);
}

export function fetchRules(signal?: AbortSignal): Promise<AlertRule[]> {
  return getJson('/alerts', signal);
}

export function createRule(rule: RuleInput): Promise<AlertRule> {
  return requestJson('POST', '/alerts', rule);
}

export function updateRule(id: string, patch: RulePatch): Promise<AlertRule> {
  return requestJson('PATCH', `/alerts/${encodeURIComponent(id)}`, patch);
}

export function deleteRule(id: string): Promise<void> {
  return requestJson('DELETE', `/alerts/${encodeURIComponent(id)}`);
}

export function fetchAlertEvents(
  q: { limit?: number; severity?: readonly Severity[]; ruleId?: string } = {},
  signal?: AbortSignal,
): Promise<AlertEvent[]> {
  return getJson(
    `/alerts/events${query({ limit: q.limit, ruleId: q.ruleId, severity: q.severity?.join(',') })}`,
    signal,
  );
}
