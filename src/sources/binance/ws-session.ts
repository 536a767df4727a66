// One WebSocket to a Binance combined-stream endpoint: opens it, classifies every frame (data,
// control reply, serverShutdown, garbage), sends SUBSCRIBE/UNSUBSCRIBE with request ids and
// matches the replies, and answers pings itself so that pongs go through the same per-second
// message budget as control messages (Binance counts both). Reconnects are not its business.
import WebSocket from 'ws';
import type { Logger } from '../../domain/logger.js';
import type { SlidingWindowLimiter } from './rate-limits.js';

export interface WsSessionHandlers {
  /** A stream message; `stream` is the combined-stream name when known. */
  onData(text: string, receivedAt: number, stream: string | null): void;
  onServerShutdown(): void;
  onGarbage(frame: string, reason: string): void;
  onClose(code: number, reason: string): void;
}

export interface WsSessionOptions {
  url: string;
  limiter: SlidingWindowLimiter;
  handlers: WsSessionHandlers;
  logger: Logger;
  requestTimeoutMs?: number;
  /** Streams per SUBSCRIBE/UNSUBSCRIBE message. */
  batchSize?: number;
  now?: () => number;
}

/** The upgrade was answered with an HTTP status instead of 101 (404, 429, 400…). */
export class WsUpgradeError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`WebSocket upgrade to ${url} refused with HTTP ${status}`);
    this.name = 'WsUpgradeError';
  }
}

export class WsRequestError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | null,
    message: string,
  ) {
    super(`${method} failed${code !== null ? ` (code ${code})` : ''}: ${message}`);
    this.name = 'WsRequestError';
  }
}

interface PendingRequest {
  method: string;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | null;
}

interface Outgoing {
  kind: 'text' | 'pong';
  payload: string | Buffer;
  /** Control request id: its reply timeout starts when it is actually sent. */
  requestId?: number;
}

const STREAM_PREFIX = '{"stream":"';
const SHUTDOWN_PREFIX = '{"stream":"!serverShutdown"';

let nextSessionId = 1;

export class WsSession {
  readonly id = nextSessionId++;
  readonly url: string;
  /** Streams the server has confirmed (URL or SUBSCRIBE reply). */
  readonly subscribed = new Set<string>();
  openedAt = 0;
  lastDataAt = 0;
  private readonly ws: WebSocket;
  private readonly options: WsSessionOptions;
  private readonly now: () => number;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly high: Outgoing[] = [];
  private readonly normal: Outgoing[] = [];
  private pumpTimer: NodeJS.Timeout | null = null;
  private nextRequestId = 1;
  private lastSentPong = false;
  private closed = false;

  constructor(options: WsSessionOptions) {
    this.options = options;
    this.url = options.url;
    this.now = options.now ?? Date.now;
    this.ws = new WebSocket(options.url, { autoPong: false, handshakeTimeout: 15_000, perMessageDeflate: false });
    this.ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    this.ws.on('ping', (payload) => this.queuePong(payload));
    this.ws.on('close', (code, reason) => this.onClosed(code, reason.toString()));
    this.ws.on('error', (error) =>
      options.logger.debug({ session: this.id, err: error.message }, 'binance ws: socket error'),
    );
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  /** Resolves once the socket is open; rejects on refusal, error or close before that. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.ws.off('open', onOpen);
        this.ws.off('unexpected-response', onRefused);
        this.ws.off('error', onError);
        this.ws.off('close', onClose);
      };
      const onOpen = () => {
        cleanup();
        this.openedAt = this.now();
        resolve();
      };
      const onRefused = (_request: unknown, response: { statusCode?: number }) => {
        cleanup();
        this.terminate();
        reject(new WsUpgradeError(this.url, response.statusCode ?? 0));
      };
      const onError = (error: Error) => {
        cleanup();
        this.terminate();
        reject(error);
      };
      const onClose = () => {
        cleanup();
        reject(new Error(`WebSocket to ${this.url} closed while opening`));
      };
      this.ws.on('open', onOpen);
      this.ws.on('unexpected-response', onRefused);
      this.ws.on('error', onError);
      this.ws.on('close', onClose);
    });
  }

  /** Sends one control request and resolves with its `result`. */
  request(method: string, params?: unknown[]): Promise<unknown> {
    if (!this.isOpen) return Promise.reject(new WsRequestError(method, null, 'connection is not open'));
    const id = this.nextRequestId++;
    const message = params === undefined ? { method, id } : { method, params, id };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject, timer: null });
      this.enqueue(this.normal, { kind: 'text', payload: JSON.stringify(message), requestId: id });
    });
  }

  private startReplyTimer(id: number): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    pending.timer = setTimeout(() => {
      this.pending.delete(id);
      pending.reject(new WsRequestError(pending.method, null, `no reply within ${timeoutMs} ms`));
    }, timeoutMs);
  }

  async subscribe(streams: readonly string[]): Promise<void> {
    for (const batch of this.batches(streams.filter((s) => !this.subscribed.has(s)))) {
      await this.request('SUBSCRIBE', batch);
      for (const stream of batch) this.subscribed.add(stream);
    }
  }

  async unsubscribe(streams: readonly string[]): Promise<void> {
    for (const batch of this.batches(streams.filter((s) => this.subscribed.has(s)))) {
      // Forget first: data still in flight for these streams is no longer wanted.
      for (const stream of batch) this.subscribed.delete(stream);
      await this.request('UNSUBSCRIBE', batch);
    }
  }

  /** Streams confirmed by the URL the session was opened with. */
  markSubscribed(streams: readonly string[]): void {
    for (const stream of streams) this.subscribed.add(stream);
  }

  close(code = 1000, reason = 'client closing'): void {
    if (this.closed) return;
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  private batches(streams: readonly string[]): string[][] {
    const size = this.options.batchSize ?? 200;
    const out: string[][] = [];
    for (let i = 0; i < streams.length; i += size) out.push(streams.slice(i, i + size));
    return out;
  }

  /**
   * One pong waits at most, carrying the newest ping's payload: if pings ever come faster than
   * the message budget, answering the latest is what keeps the connection alive.
   */
  private queuePong(payload: Buffer): void {
    const waiting = this.high.find((item) => item.kind === 'pong');
    if (waiting !== undefined) waiting.payload = payload;
    else this.enqueue(this.high, { kind: 'pong', payload });
  }

  private enqueue(queue: Outgoing[], item: Outgoing): void {
    queue.push(item);
    this.pump();
  }

  private pump(): void {
    if (this.pumpTimer !== null) return;
    while (this.high.length + this.normal.length > 0) {
      if (!this.isOpen) {
        this.high.length = 0;
        this.normal.length = 0;
        return;
      }
      if (!this.options.limiter.tryTake()) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = null;
          this.pump();
        }, this.options.limiter.delayMs());
        return;
      }
      // Pongs go first, but never twice in a row while a control request waits.
      const usePong = this.high.length > 0 && (this.normal.length === 0 || !this.lastSentPong);
      const item = (usePong ? this.high : this.normal).shift()!;
      this.lastSentPong = usePong;
      if (item.kind === 'pong') this.ws.pong(item.payload);
      else this.ws.send(item.payload);
      if (item.requestId !== undefined) this.startReplyTimer(item.requestId);
    }
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    const receivedAt = this.now();
    if (isBinary) {
      this.options.handlers.onGarbage(`<${data.length} binary bytes>`, 'binary frame');
      return;
    }
    const text = data.toString('utf8');
    if (text.startsWith(STREAM_PREFIX)) {
      if (text.startsWith(SHUTDOWN_PREFIX)) {
        this.options.handlers.onServerShutdown();
        return;
      }
      this.lastDataAt = receivedAt;
      const end = text.indexOf('"', STREAM_PREFIX.length);
      this.options.handlers.onData(text, receivedAt, end === -1 ? null : text.slice(STREAM_PREFIX.length, end));
      return;
    }
    this.onOtherFrame(text, receivedAt);
  }

  /** Frames that do not start like a combined-stream message: replies, raw events, garbage. */
  private onOtherFrame(text: string, receivedAt: number): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.options.handlers.onGarbage(text, 'not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.options.handlers.onGarbage(text, 'not a JSON object');
      return;
    }
    const body = message as Record<string, unknown>;
    if ('id' in body && ('result' in body || 'code' in body || 'error' in body)) {
      this.onReply(body);
      return;
    }
    const data = (typeof body.stream === 'string' ? body.data : body) as Record<string, unknown> | undefined;
    if (data?.e === 'serverShutdown') {
      this.options.handlers.onServerShutdown();
      return;
    }
    if (typeof data !== 'object' || data === null) {
      this.options.handlers.onGarbage(text, 'stream message without data');
      return;
    }
    this.lastDataAt = receivedAt;
    this.options.handlers.onData(text, receivedAt, typeof body.stream === 'string' ? body.stream : null);
  }

  private onReply(body: Record<string, unknown>): void {
    const id = body.id;
    const pending = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (pending === undefined) {
      this.options.logger.warn({ session: this.id, reply: body }, 'binance ws: reply to an unknown request id');
      return;
    }
    this.pending.delete(id as number);
    if (pending.timer !== null) clearTimeout(pending.timer);
    const error = (
      typeof body.error === 'object' && body.error !== null ? body.error : 'code' in body ? body : null
    ) as { code?: unknown; msg?: unknown } | null;
    if (error !== null) {
      pending.reject(
        new WsRequestError(
          pending.method,
          typeof error.code === 'number' ? error.code : null,
          String(error.msg ?? 'error'),
        ),
      );
    } else {
      pending.resolve(body.result);
    }
  }

  private onClosed(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pumpTimer !== null) clearTimeout(this.pumpTimer);
    for (const [id, pending] of this.pending) {
      if (pending.timer !== null) clearTimeout(pending.timer);
      pending.reject(new WsRequestError(pending.method, null, 'connection closed'));
      this.pending.delete(id);
    }
    this.options.handlers.onClose(code, reason);
  }
}
