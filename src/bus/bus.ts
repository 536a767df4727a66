// The typed bus between the pipeline stages. In one process it is synchronous and in-memory;
// a scaled-out deployment carries the same topics over NATS JetStream. Every message is plain
// JSON (test/bus/topics-json.test.ts holds each topic to that), so that the in-process path can
// pass objects as they are while another transport serialises them unchanged.
import type { AlertBusMessage, Bar, MetricMessage, Tick } from '../domain/index.js';

export interface BarUpdate {
  bar: Bar;
  /** True once the bucket can no longer receive ticks in order (a late tick may still amend it). */
  closed: boolean;
  /** True when a late tick changed a bar that had already closed. */
  amended: boolean;
}

/** Topic → message. Ingest publishes ticks and bars, analytics metrics, the alert engine alerts. */
export interface BusTopics {
  tick: Tick;
  bar: BarUpdate;
  metric: MetricMessage;
  alert: AlertBusMessage;
}

export type Topic = keyof BusTopics;

/**
 * The version of each topic's message shape. A change that an older subscriber cannot read (a
 * field removed, renamed or retyped) bumps it, and the subject changes with it, so that a process
 * of the old version never receives a message it would misread. The version is per topic rather
 * than a field of every message: a tick is published thousands of times a second, in one process
 * without a copy, and a wrapper object per tick would cost an allocation for a constant.
 */
export const TOPIC_VERSIONS = { tick: 1, bar: 1, metric: 1, alert: 1 } as const satisfies Record<Topic, number>;

/** The subject a topic travels on between processes, e.g. `tickscope.tick.v1`. */
export function subjectOf(topic: Topic): string {
  return `tickscope.${topic}.v${TOPIC_VERSIONS[topic]}`;
}

export type Handler<T> = (message: T) => void;

export interface Bus<Topics = BusTopics> {
  publish<K extends keyof Topics>(topic: K, message: Topics[K]): void;
  /** Returns a function that removes the subscription. */
  subscribe<K extends keyof Topics>(topic: K, handler: Handler<Topics[K]>): () => void;
}
