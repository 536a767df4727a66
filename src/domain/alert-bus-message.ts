// What the alert engine tells the rest of the system, as the `alerts` WebSocket channel carries
// it: a rule fired (`event`), a fired event's delivery changed (`update`), a rule was created,
// edited or expired (`rule`) or deleted (`rule_deleted`). The payloads are the alert module's
// types (AlertEvent, AlertRuleView), typed by its schemas where it publishes them; here they are plain JSON.
export const ALERT_BUS_MESSAGE_TYPES = ['event', 'update', 'rule', 'rule_deleted'] as const;
export type AlertBusMessageType = (typeof ALERT_BUS_MESSAGE_TYPES)[number];

export interface AlertBusMessage {
  readonly type: AlertBusMessageType;
  readonly data: object;
}
