// Rules, event history and the rule catalog of the Alerts view: loaded over REST (again after a
// reconnect, since events are not replayed over the socket), then kept current from the `alerts`
// channel — new events prepended, delivery updates and rule changes applied in place, a firing
// counted on its rule at once. The rules' last values change on every close without a message,
// so the list is also refreshed every few seconds.
import { useCallback, useEffect, useState } from 'react';
import { fetchAlertCatalog, fetchAlertEvents, fetchRules } from '../api/alerts-api.ts';
import { ALERTS_CHANNEL, type AlertCatalog, type AlertEvent, type AlertRule } from '../api/alert-types.ts';
import { describeError } from '../api/http.ts';
import { useSocket } from './socket-context.ts';
import { useResync } from './use-resync.ts';

export const EVENT_HISTORY_LIMIT = 300;
const RULE_REFRESH_MS = 5_000;

export interface AlertsData {
  catalog: AlertCatalog | null;
  rules: AlertRule[] | null;
  events: AlertEvent[] | null;
  error: string | null;
  /** Applies a rule the page just created or changed, before its `rule` message arrives. */
  upsertRule(rule: AlertRule): void;
  removeRule(id: string): void;
  reload(): void;
}

export function upsertById<T extends { id: string }>(list: readonly T[], item: T, prepend = false): T[] {
  const index = list.findIndex((candidate) => candidate.id === item.id);
  if (index === -1) return prepend ? [item, ...list] : [...list, item];
  const next = [...list];
  next[index] = item;
  return next;
}

export function useAlertsData(): AlertsData {
  const socket = useSocket();
  const { token, markLoading } = useResync();
  const [reloads, setReloads] = useState(0);
  const [catalog, setCatalog] = useState<AlertCatalog | null>(null);
  const [rules, setRules] = useState<AlertRule[] | null>(null);
  const [events, setEvents] = useState<AlertEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `token` and `reloads` trigger a reload
  useEffect(() => {
    const request = new AbortController();
    markLoading();
    Promise.all([
      fetchAlertCatalog(request.signal),
      fetchRules(request.signal),
      fetchAlertEvents({ limit: EVENT_HISTORY_LIMIT }, request.signal),
    ])
      .then(([nextCatalog, nextRules, nextEvents]) => {
        setCatalog(nextCatalog);
        setRules(nextRules);
        // Events pushed while the history was loading are already at the top: keep them.
        setEvents((pushed) =>
          [
            ...(pushed ?? []).filter((event) => !nextEvents.some((loaded) => loaded.id === event.id)),
            ...nextEvents,
          ].slice(0, EVENT_HISTORY_LIMIT),
        );
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!request.signal.aborted) setError(describeError(caught));
      });
    return () => request.abort();
  }, [token, reloads, markLoading]);

  useEffect(
    () =>
      socket.subscribe(ALERTS_CHANNEL, (_data, update) => {
        if (update.type === 'event' || update.type === 'update') {
          setEvents((current) => upsertById(current ?? [], update.data, true).slice(0, EVENT_HISTORY_LIMIT));
          if (update.type === 'event')
            setRules((current) => current?.map((rule) => countFiring(rule, update.data)) ?? current);
        } else if (update.type === 'rule') {
          setRules((current) => (current ? upsertById(current, update.data) : current));
        } else if (update.type === 'rule_deleted') {
          setRules((current) => current?.filter((rule) => rule.id !== update.data.id) ?? current);
        }
      }),
    [socket],
  );

  useEffect(() => {
    const timer = window.setInterval(() => {
      fetchRules()
        .then(setRules)
        .catch(() => {
          // The banner reports a lost server; the list keeps its last state meanwhile.
        });
    }, RULE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  const upsertRule = useCallback((rule: AlertRule) => setRules((current) => upsertById(current ?? [], rule)), []);
  const removeRule = useCallback(
    (id: string) => setRules((current) => current?.filter((rule) => rule.id !== id) ?? current),
    [],
  );
  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { catalog, rules, events, error, upsertRule, removeRule, reload };
}

/** The rule's state right after `event` fired it (the server sends no rule message for a firing). */
export function countFiring(rule: AlertRule, event: AlertEvent): AlertRule {
  if (rule.id !== event.ruleId || rule.state.lastFiredAt === event.firedAt) return rule;
  return {
    ...rule,
    state: {
      ...rule.state,
      fireCount: rule.state.fireCount + 1,
      lastFiredAt: event.firedAt,
      lastFiredBarStart: event.barStart,
      lastValue: event.value,
      latched: true,
    },
  };
}
