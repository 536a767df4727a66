// The `alerts` WebSocket channel. Unlike bar and metric channels, nothing here is coalesced or
// dropped: every message reaches every subscriber once, in order. A subscriber whose socket is
// backed up gets its messages queued; when the queue passes its bound the connection is closed
// with code 4008 and a reason that says so, so a client never mistakes silence for "no alerts"
// (it reconnects and reads what it missed from GET /api/v1/alerts/events).

/** The part of a `ws` WebSocket the feed uses. */
export interface AlertSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string, callback?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
}

export interface AlertFeedOptions {
  /** Messages queued per subscriber beyond what its socket holds; one more closes it. Default 1,000. */
  maxQueued?: number;
  /** Bytes a socket may hold unsent before messages wait in the queue. Default 256 KiB. */
  highWaterBytes?: number;
  /** How often a subscriber with a queue but nothing in flight looks at its socket again. Default 25 ms. */
  retryMs?: number;
}

export const SLOW_CONSUMER_CLOSE_CODE = 4008;
const OPEN = 1;

class Subscriber {
  readonly queue: string[] = [];
  head = 0;
  /** UTF-8 bytes of the messages in `queue` from `head` on. */
  queuedBytes = 0;
  inFlight = 0;
  closed = false;
  retry: NodeJS.Timeout | undefined;
  constructor(readonly socket: AlertSocket) {}

  get queued(): number {
    return this.queue.length - this.head;
  }
}

export class AlertFeed {
  private readonly subscribers = new Map<AlertSocket, Subscriber>();
  private readonly maxQueued: number;
  private readonly highWaterBytes: number;
  private readonly retryMs: number;
  /** Connections closed for being too slow (for status and tests). */
  slowClosures = 0;

  constructor(options: AlertFeedOptions = {}) {
    this.maxQueued = options.maxQueued ?? 1_000;
    this.highWaterBytes = options.highWaterBytes ?? 256 * 1024;
    this.retryMs = options.retryMs ?? 25;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a socket (once); returns the function that removes it. */
  subscribe(socket: AlertSocket): () => void {
    if (!this.subscribers.has(socket)) this.subscribers.set(socket, new Subscriber(socket));
    return () => this.unsubscribe(socket);
  }

  unsubscribe(socket: AlertSocket): void {
    const subscriber = this.subscribers.get(socket);
    if (subscriber === undefined) return;
    subscriber.closed = true;
    clearTimeout(subscriber.retry);
    this.subscribers.delete(socket);
  }

  /**
   * Bytes of messages waiting for `socket` beyond what its socket holds: the WebSocket gateway
   * counts them into the client's bound on everything the server holds for it.
   */
  queuedBytes(socket: AlertSocket): number {
    return this.subscribers.get(socket)?.queuedBytes ?? 0;
  }

  /** Sends a serialised message to every subscriber; returns how many it went to. */
  publish(message: string): number {
    let count = 0;
    let bytes = -1;
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.closed) continue;
      if (bytes < 0) bytes = Buffer.byteLength(message);
      subscriber.queue.push(message);
      subscriber.queuedBytes += bytes;
      this.pump(subscriber);
      count++;
    }
    return count;
  }

  /** Closes every subscription (server shutdown); the gateway closes the sockets. */
  close(): void {
    for (const socket of [...this.subscribers.keys()]) this.unsubscribe(socket);
  }

  private pump(subscriber: Subscriber): void {
    const { socket } = subscriber;
    if (subscriber.closed) return;
    if (socket.readyState !== OPEN) {
      this.unsubscribe(socket);
      return;
    }
    while (subscriber.queued > 0 && socket.bufferedAmount < this.highWaterBytes) {
      const message = subscriber.queue[subscriber.head++];
      subscriber.queuedBytes -= Buffer.byteLength(message);
      subscriber.inFlight++;
      socket.send(message, () => {
        subscriber.inFlight--;
        if (subscriber.queued > 0) this.pump(subscriber);
      });
    }
    if (subscriber.head > 1024 && subscriber.head * 2 > subscriber.queue.length) {
      subscriber.queue.splice(0, subscriber.head);
      subscriber.head = 0;
    }
    if (subscriber.queued > this.maxQueued) {
      this.overflow(subscriber);
      return;
    }
    // Backed up by other channels' messages, with none of ours in flight to call us back.
    if (subscriber.queued > 0 && subscriber.inFlight === 0 && subscriber.retry === undefined) {
      subscriber.retry = setTimeout(() => {
        subscriber.retry = undefined;
        this.pump(subscriber);
      }, this.retryMs);
    }
  }

  private overflow(subscriber: Subscriber): void {
    const unsent = subscriber.queued;
    this.unsubscribe(subscriber.socket);
    this.slowClosures++;
    // A close reason has at most 123 bytes.
    subscriber.socket.close(
      SLOW_CONSUMER_CLOSE_CODE,
      `too slow for alerts: ${unsent} events unsent; reconnect and GET /api/v1/alerts/events`,
    );
  }
}
