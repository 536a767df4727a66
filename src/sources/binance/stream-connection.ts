// The lifecycle of one combined-stream connection: connect within the connection-attempt budget,
// keep the wanted streams subscribed (SUBSCRIBE/UNSUBSCRIBE at runtime), reconnect with capped
// exponential backoff and jitter, replace the socket with overlap before Binance's 24 h close or
// on `serverShutdown` (the new socket is subscribed before the old one closes; duplicates from the
// overlap are dropped downstream by trade id), and recycle a socket that has gone silent.
import { AbortedError, backoffDelay, sleep, type BackoffPolicy } from './backoff.js';
import { combinedStreamUrl, legacyWsUrl, type BinanceEndpoints } from './endpoints.js';
import { silentLogger, type Logger } from '../../domain/logger.js';
import { messageRateLimiter, type SlidingWindowLimiter } from './rate-limits.js';
import { DEFAULT_STALE_OPTIONS, StaleTimer, type StaleOptions } from './stale-timer.js';
import { WsSession, WsUpgradeError } from './ws-session.js';

export interface StreamConnectionOptions {
  endpoints: BinanceEndpoints;
  /** Shared by every connection to the same host. */
  attemptLimiter: SlidingWindowLimiter;
  onData(text: string, receivedAt: number, stream: string | null): void;
  onGarbage?(frame: string, reason: string): void;
  /** Called when the connection gains or loses its live socket. */
  onConnectedChange?(connected: boolean): void;
  logger?: Logger;
  backoff?: BackoffPolicy;
  /** Replace the socket this long after it opened (default: 15 min before the server's limit). */
  rotateAfterMs?: number;
  /** Both sockets stay open this long after the new one is subscribed (default 2 s). */
  overlapMs?: number;
  stale?: Partial<StaleOptions>;
  requestTimeoutMs?: number;
  /** Streams put in the connection URL; the rest go by SUBSCRIBE (default 100). */
  maxUrlStreams?: number;
  random?: () => number;
  now?: () => number;
}

export interface StreamConnectionStats {
  connects: number;
  reconnects: number;
  rotations: number;
  serverShutdowns: number;
  staleRecycles: number;
  failedAttempts: number;
}

let nextConnectionId = 1;

export class StreamConnection {
  readonly id = nextConnectionId++;
  readonly stats: StreamConnectionStats = {
    connects: 0,
    reconnects: 0,
    rotations: 0,
    serverShutdowns: 0,
    staleRecycles: 0,
    failedAttempts: 0,
  };
  private readonly options: StreamConnectionOptions;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly staleTimer: StaleTimer;
  private readonly abort = new AbortController();
  private readonly desired = new Set<string>();
  private wsUrlBase: string;
  private session: WsSession | null = null;
  private readonly draining = new Set<WsSession>();
  /** Sockets still handshaking or subscribing, so that stop() can cut them short. */
  private readonly opening = new Set<WsSession>();
  private connecting: Promise<void> | null = null;
  private rotating = false;
  private syncWanted = false;
  private syncRun: Promise<void> | null = null;
  private failures = 0;
  private started = false;
  private stopped = false;
  private rotationTimer: NodeJS.Timeout | null = null;
  private staleInterval: NodeJS.Timeout | null = null;

  constructor(options: StreamConnectionOptions) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 30_000 };
    this.staleTimer = new StaleTimer({ ...DEFAULT_STALE_OPTIONS, ...options.stale });
    this.wsUrlBase = options.endpoints.wsUrl;
  }

  get connected(): boolean {
    return this.session?.isOpen ?? false;
  }

  /** Streams this connection is meant to carry. */
  streams(): string[] {
    return [...this.desired];
  }

  get streamCount(): number {
    return this.desired.size;
  }

  /** When the stream's last message arrived and the mean gap between its messages, for health. */
  streamTiming(stream: string): { lastMessageAt: number | null; expectedGapMs: number | null } {
    return { lastMessageAt: this.staleTimer.lastMessageAt(stream), expectedGapMs: this.staleTimer.meanGapMs(stream) };
  }

  /** Current silence allowed before the socket is recycled. */
  staleTimeoutMs(): number {
    return this.staleTimer.timeoutMs(this.desired);
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const { minMs } = this.staleTimer.options;
    this.staleInterval = setInterval(() => this.checkStale(), Math.max(20, Math.min(1_000, minMs / 4)));
    void this.ensureSession(false);
  }

  /** Adds streams; resolves once the live socket (if any) confirmed them. */
  add(streams: readonly string[]): Promise<void> {
    for (const stream of streams) this.desired.add(stream);
    return this.requestSync();
  }

  /** Removes streams; resolves once the live socket (if any) confirmed them. */
  remove(streams: readonly string[]): Promise<void> {
    for (const stream of streams) if (this.desired.delete(stream)) this.staleTimer.forget(stream);
    return this.requestSync();
  }

  /**
   * Brings the live socket's subscriptions to the wanted set. Calls made in the same turn share
   * one SUBSCRIBE/UNSUBSCRIBE (each control message costs one of the few messages per second).
   */
  private requestSync(): Promise<void> {
    this.syncWanted = true;
    if (this.syncRun === null) {
      this.syncRun = this.runSync().finally(() => {
        this.syncRun = null;
      });
    }
    return this.syncRun;
  }

  private async runSync(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.syncWanted) {
      this.syncWanted = false;
      const session = this.session;
      if (session === null || !session.isOpen) return;
      try {
        await session.unsubscribe([...session.subscribed].filter((stream) => !this.desired.has(stream)));
        await session.subscribe([...this.desired]);
      } catch (error) {
        // A socket that cannot (un)subscribe is replaced; the new one subscribes to everything wanted.
        this.logger.warn(
          { connection: this.id, err: (error as Error).message },
          'binance ws: SUBSCRIBE/UNSUBSCRIBE failed, reconnecting',
        );
        if (this.session === session) session.terminate();
        return;
      }
    }
  }

  /** Replaces the socket with overlap (what the 24 h timer and serverShutdown do). */
  async rotate(reason = 'requested'): Promise<void> {
    if (this.rotating || this.stopped || this.session === null) return;
    this.rotating = true;
    const old = this.session;
    try {
      const next = await this.openSession();
      if (this.stopped) {
        next.close();
        return;
      }
      this.stats.rotations++;
      this.logger.info({ connection: this.id, reason, old: old.id, new: next.id }, 'binance ws: rotated connection');
      this.adopt(next);
      if (old.isOpen) {
        this.draining.add(old);
        setTimeout(() => old.close(1000, 'rotated'), this.options.overlapMs ?? 2_000).unref?.();
      }
    } catch (error) {
      if (error instanceof AbortedError) return;
      this.logger.warn(
        { connection: this.id, reason, err: (error as Error).message },
        'binance ws: rotation failed, keeping the old socket',
      );
      this.stats.failedAttempts++;
      if (this.session === null) void this.ensureSession(true);
      else this.scheduleRotation(backoffDelay(this.failures++, this.backoff, this.random));
    } finally {
      this.rotating = false;
    }
  }

  /** Forces a drop of the live socket, as a network failure would (tests, operators). */
  dropSocket(): void {
    this.session?.terminate();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    if (this.rotationTimer !== null) clearTimeout(this.rotationTimer);
    if (this.staleInterval !== null) clearInterval(this.staleInterval);
    const sessions = [this.session, ...this.draining].filter((s): s is WsSession => s !== null);
    this.session = null;
    this.draining.clear();
    for (const session of sessions) session.close(1000, 'stopping');
    for (const session of this.opening) session.terminate();
    await this.connecting?.catch(() => {});
  }

  private ensureSession(afterFailure: boolean): Promise<void> {
    if (this.connecting === null) {
      this.connecting = this.connectLoop(afterFailure).finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async connectLoop(afterFailure: boolean): Promise<void> {
    let wait = afterFailure;
    while (!this.stopped && this.session === null) {
      try {
        if (wait) await sleep(backoffDelay(this.failures++, this.backoff, this.random), this.abort.signal);
        wait = true;
        const session = await this.openSession();
        if (this.stopped) {
          session.close();
          return;
        }
        if (this.stats.connects > 0) this.stats.reconnects++;
        this.adopt(session);
      } catch (error) {
        if (error instanceof AbortedError || this.stopped) return;
        this.stats.failedAttempts++;
        this.logger.warn(
          { connection: this.id, err: (error as Error).message },
          'binance ws: connect failed, backing off',
        );
      }
    }
  }

  private async openSession(): Promise<WsSession> {
    await this.options.attemptLimiter.take(this.abort.signal);
    const wanted = [...this.desired];
    const inUrl = wanted.slice(0, this.options.maxUrlStreams ?? 100);
    const session: WsSession = new WsSession({
      url: combinedStreamUrl({ ...this.options.endpoints, wsUrl: this.wsUrlBase }, inUrl),
      limiter: messageRateLimiter(this.options.endpoints.limits.incomingMessagesPerSecond, this.now),
      logger: this.logger,
      requestTimeoutMs: this.options.requestTimeoutMs,
      now: this.now,
      handlers: {
        onData: (text, receivedAt, stream) => {
          if (stream !== null) this.staleTimer.note(stream, receivedAt);
          this.options.onData(text, receivedAt, stream);
        },
        onGarbage: (frame, reason) => this.options.onGarbage?.(frame, reason),
        onServerShutdown: () => this.onServerShutdown(session),
        onClose: (code, reason) => this.onSessionClosed(session, code, reason),
      },
    });
    this.opening.add(session);
    try {
      await session.open();
    } catch (error) {
      this.opening.delete(session);
      const legacy = legacyWsUrl({ ...this.options.endpoints, wsUrl: this.wsUrlBase });
      if (error instanceof WsUpgradeError && error.status === 404 && legacy !== null) {
        this.logger.warn(
          { from: this.wsUrlBase, to: legacy },
          'binance ws: endpoint not found, falling back to the legacy un-prefixed URL',
        );
        this.wsUrlBase = legacy;
      }
      throw error;
    }
    session.markSubscribed(inUrl);
    try {
      await session.subscribe(wanted.slice(inUrl.length));
      // Streams added or removed while this socket was opening.
      await session.subscribe([...this.desired]);
      await session.unsubscribe([...session.subscribed].filter((stream) => !this.desired.has(stream)));
    } catch (error) {
      session.terminate();
      throw error;
    } finally {
      this.opening.delete(session);
    }
    return session;
  }

  private adopt(session: WsSession): void {
    this.session = session;
    this.stats.connects++;
    this.options.onConnectedChange?.(true);
    const { connectionLifetimeMs } = this.options.endpoints.limits;
    this.scheduleRotation(
      this.options.rotateAfterMs ?? Math.max(connectionLifetimeMs - 15 * 60_000, connectionLifetimeMs * 0.9),
    );
  }

  private scheduleRotation(delayMs: number): void {
    if (this.rotationTimer !== null) clearTimeout(this.rotationTimer);
    this.rotationTimer = setTimeout(() => {
      this.rotationTimer = null;
      void this.rotate('connection lifetime');
    }, delayMs);
  }

  private onServerShutdown(session: WsSession): void {
    if (session !== this.session) return;
    this.stats.serverShutdowns++;
    this.logger.info(
      { connection: this.id, session: session.id },
      'binance ws: serverShutdown, moving to a new connection',
    );
    void this.rotate('serverShutdown');
  }

  private onSessionClosed(session: WsSession, code: number, reason: string): void {
    if (this.draining.delete(session)) return;
    if (session !== this.session) return;
    this.session = null;
    if (this.rotationTimer !== null) clearTimeout(this.rotationTimer);
    this.rotationTimer = null;
    this.options.onConnectedChange?.(false);
    if (this.stopped) return;
    this.logger.warn(
      { connection: this.id, session: session.id, code, reason },
      'binance ws: connection closed, reconnecting',
    );
    // A socket that delivered data was healthy: start the backoff from the beginning again.
    if (session.lastDataAt > 0) this.failures = 0;
    if (!this.rotating) void this.ensureSession(true);
  }

  private checkStale(): void {
    const session = this.session;
    if (session === null || !session.isOpen || this.desired.size === 0) return;
    const silentFor = this.now() - Math.max(session.lastDataAt, session.openedAt);
    if (silentFor <= this.staleTimeoutMs()) return;
    this.stats.staleRecycles++;
    this.logger.warn(
      { connection: this.id, session: session.id, silentForMs: silentFor },
      'binance ws: connection went silent, reconnecting',
    );
    session.terminate();
  }
}
