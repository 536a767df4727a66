// Synchronous in-memory bus: a publish runs every handler before it returns, so a tick reaches
// the WebSocket gateway in the same turn of the event loop. A throwing handler is reported and
// does not stop the others. Messages are handed over as they are, not copied or serialised:
// subscribers must treat them as read-only.
import type { Bus, BusTopics, Handler } from './bus.js';

export class MemoryBus<Topics = BusTopics> implements Bus<Topics> {
  private readonly handlers = new Map<keyof Topics, Set<Handler<never>>>();

  constructor(private readonly onHandlerError: (error: unknown, topic: keyof Topics) => void = () => {}) {}

  publish<K extends keyof Topics>(topic: K, message: Topics[K]): void {
    const set = this.handlers.get(topic);
    if (!set) return;
    for (const handler of set) {
      try {
        (handler as Handler<Topics[K]>)(message);
      } catch (error) {
        this.onHandlerError(error, topic);
      }
    }
  }

  subscribe<K extends keyof Topics>(topic: K, handler: Handler<Topics[K]>): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }
}
