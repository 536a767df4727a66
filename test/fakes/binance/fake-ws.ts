// One fake Binance WebSocket connection: combined or raw payloads, the live subscription control
// methods (docs/binance-protocol.md#subscription-control) with their replies and error codes,
// server pings with a pong deadline, the incoming-message rate limit, the streams-per-connection
// limit and the maximum lifetime.
import type { WebSocket } from 'ws';
import type { FakeMarket } from './fake-market.js';

const STREAM_PATTERN = new RegExp(
  '^[a-z0-9]{2,30}@(trade|aggTrade|bookTicker|markPrice(@1s)?|depth(5|10|20)?(@100ms|@500ms|@0ms)?|' +
    'kline_(1s|1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M)(@\\+08:00)?)$',
);
const ID_PATTERN = /^[A-Za-z0-9]{1,36}$/;

export function isValidStreamName(name: string): boolean {
  return STREAM_PATTERN.test(name);
}

type RequestId = number | string | null;

export class FakeConnection {
  readonly id: number;
  readonly openedAt = Date.now();
  readonly path: string;
  readonly streams = new Set<string>();
  combined: boolean;
  readonly microseconds: boolean;
  stalled = false;
  pongsReceived = 0;
  private readonly incoming: number[] = [];
  private readonly pendingPings = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly market: FakeMarket,
    private readonly ws: WebSocket,
    options: { path: string; combined: boolean; microseconds: boolean; streams: readonly string[] },
  ) {
    this.id = market.nextId();
    this.path = options.path;
    this.combined = options.combined;
    this.microseconds = options.microseconds;
    for (const stream of options.streams) this.streams.add(stream);
    market.connections.add(this);
    market.counters.connectionsAccepted++;
    const { pingIntervalMs, pongTimeoutMs, maxLifetimeMs } = market.config;
    this.timers.push(setInterval(() => this.ping(), pingIntervalMs));
    this.timers.push(
      setInterval(() => this.checkPongs(pongTimeoutMs), Math.max(10, Math.min(pingIntervalMs, pongTimeoutMs) / 2)),
    );
    this.timers.push(
      setTimeout(() => {
        market.counters.lifetimeCloses++;
        this.close(1000, 'connection lifetime reached');
      }, maxLifetimeMs),
    );
    ws.on('message', (data, isBinary) => {
      if (!this.countIncoming()) return;
      if (isBinary) {
        this.reply({ code: 3, msg: 'Invalid JSON: binary frames are not accepted', id: null });
        return;
      }
      this.onControl(data.toString());
    });
    ws.on('ping', () => {
      this.countIncoming();
    });
    ws.on('pong', (payload) => {
      if (!this.countIncoming()) return;
      this.pongsReceived++;
      market.counters.pongsReceived++;
      this.pendingPings.delete(payload.toString());
    });
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
  }

  sendData(stream: string, payload: string): void {
    if (this.closed) return;
    this.ws.send(this.combined ? `{"stream":"${stream}","data":${payload}}` : payload);
  }

  sendRaw(frame: string | Buffer): void {
    if (!this.closed) this.ws.send(frame);
  }

  sendServerShutdown(closeAfterMs: number | null): void {
    const event = `{"e":"serverShutdown","E":${this.market.now()}}`;
    this.sendRaw(this.combined ? `{"stream":"!serverShutdown","data":${event}}` : event);
    if (closeAfterMs !== null) this.timers.push(setTimeout(() => this.close(1001, 'server shutdown'), closeAfterMs));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.dispose();
  }

  terminate(): void {
    this.ws.terminate();
    this.dispose();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.market.connections.delete(this);
  }

  /** Counts one client message; false (and a disconnect) when over the per-second limit. */
  private countIncoming(): boolean {
    const now = Date.now();
    this.incoming.push(now);
    while (this.incoming.length > 0 && this.incoming[0] <= now - 1000) this.incoming.shift();
    if (this.incoming.length > this.market.config.maxIncomingPerSecond) {
      this.market.counters.rateViolations++;
      this.close(1008, 'Too many messages');
      return false;
    }
    return true;
  }

  private ping(): void {
    if (this.closed) return;
    const payload = String(this.market.now());
    this.pendingPings.set(payload, Date.now());
    this.ws.ping(payload);
  }

  private checkPongs(pongTimeoutMs: number): void {
    const now = Date.now();
    for (const sentAt of this.pendingPings.values()) {
      if (now - sentAt > pongTimeoutMs) {
        this.market.counters.pongTimeouts++;
        this.terminate();
        return;
      }
    }
  }

  private reply(message: Record<string, unknown>): void {
    this.sendRaw(JSON.stringify(message));
  }

  private onControl(text: string): void {
    this.market.counters.controlMessages++;
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch (error) {
      this.reply({ code: 3, msg: `Invalid JSON: ${(error as Error).message}`, id: null });
      return;
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      this.reply({ code: 2, msg: 'Invalid request: expected an object', id: null });
      return;
    }
    const { method, params, id } = request as { method?: unknown; params?: unknown; id?: unknown };
    if (
      !(
        id === null ||
        id === undefined ||
        (typeof id === 'number' && Number.isSafeInteger(id)) ||
        (typeof id === 'string' && ID_PATTERN.test(id))
      )
    ) {
      this.reply({
        code: 2,
        msg: 'Invalid request: request ID must be an integer, an alphanumeric string of at most 36 characters, or null',
        id: null,
      });
      return;
    }
    const requestId = (id ?? null) as RequestId;
    if (typeof method !== 'string') {
      this.reply({ code: 2, msg: "Invalid request: missing field 'method'", id: requestId });
      return;
    }
    switch (method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
        this.onSubscription(method, params, requestId);
        return;
      case 'LIST_SUBSCRIPTIONS':
        this.reply({ result: [...this.streams], id: requestId });
        return;
      case 'SET_PROPERTY':
        if (!Array.isArray(params) || params[0] !== 'combined') {
          this.reply({ code: 0, msg: 'Unknown property', id: requestId });
        } else if (typeof params[1] !== 'boolean') {
          this.reply({ code: 1, msg: 'Invalid value type: expected Boolean', id: requestId });
        } else {
          this.combined = params[1];
          this.reply({ result: null, id: requestId });
        }
        return;
      case 'GET_PROPERTY':
        if (!Array.isArray(params) || params[0] !== 'combined')
          this.reply({ code: 0, msg: 'Unknown property', id: requestId });
        else this.reply({ result: this.combined, id: requestId });
        return;
      default:
        this.reply({ code: 2, msg: `Invalid request: unknown method '${method}'`, id: requestId });
    }
  }

  private onSubscription(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', params: unknown, id: RequestId): void {
    if (!Array.isArray(params) || !params.every((name) => typeof name === 'string')) {
      this.reply({ code: 2, msg: "Invalid request: 'params' must be an array of stream names", id });
      return;
    }
    const names = params as string[];
    const invalid = names.find((name) => !isValidStreamName(name));
    if (invalid !== undefined) {
      this.reply({ code: 2, msg: `Invalid request: invalid stream name '${invalid}'`, id });
      return;
    }
    if (method === 'UNSUBSCRIBE') {
      for (const name of names) this.streams.delete(name);
      this.reply({ result: null, id });
      return;
    }
    const after = new Set([...this.streams, ...names]);
    if (after.size > this.market.config.maxStreamsPerConnection) {
      this.reply({
        code: 2,
        msg: `Invalid request: too many streams, at most ${this.market.config.maxStreamsPerConnection} per connection`,
        id,
      });
      return;
    }
    for (const name of names) {
      this.streams.add(name);
      if (name.endsWith('@trade')) this.market.tape(name.slice(0, -'@trade'.length).toUpperCase());
    }
    this.reply({ result: null, id });
  }
}
