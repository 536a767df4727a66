// The typed bus between the pipeline stages. In one process it is synchronous and in-memory;
// a scaled-out deployment carries the same topics over NATS JetStream.
import type { Bar, Tick } from '../domain/index.js';

export interface BarUpdate {
  bar: Bar;
  /** True once the bucket can no longer receive ticks in order (a late tick may still amend it). */
  closed: boolean;
  /** True when a late tick changed a bar that had already closed. */
  amended: boolean;
}

export interface BusTopics {
  tick: Tick;
  bar: BarUpdate;
}

export type Handler<T> = (message: T) => void;

export interface Bus<Topics = BusTopics> {
  publish<K extends keyof Topics>(topic: K, message: Topics[K]): void;
  /** Returns a function that removes the subscription. */
  subscribe<K extends keyof Topics>(topic: K, handler: Handler<Topics[K]>): () => void;
}
