// One WebSocket to the server's /ws gateway, shared by every view. Owns the connection lifecycle:
// reference-counted channel subscriptions, reconnect with backoff, re-subscribing every channel
// after a reconnect, and a stale-connection watchdog (the status channel ticks every second).
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { AlertMessage } from './alert-types.ts';
import type { ImportMessage } from './data-types.ts';
import type { ClientRequest, ServerMessage, StatusMessage } from './types.ts';

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Failed attempts since the last successful connection. */
  attempt: number;
  /** Epoch ms of the next reconnect attempt while reconnecting. */
  nextRetryAt: number | null;
  /** Increments on every successful (re)connect so consumers can refetch what they missed. */
  generation: number;
  lastError: string | null;
}

/** A message of a subscribed channel (bars, status, analytics, pair, alerts), as the server's schemas define it. */
export type ChannelMessage = Extract<ServerMessage, { channel: string }>;

/**
 * The messages of the channels with a fixed name; the named ones (bars:, analytics:, pair:)
 * carry any ChannelMessage.
 */
interface FixedChannels {
  alerts: AlertMessage;
  imports: ImportMessage;
  status: StatusMessage;
}
type MessageOn<Channel extends string> = Channel extends keyof FixedChannels ? FixedChannels[Channel] : ChannelMessage;

export type ChannelListener<Message extends ChannelMessage = ChannelMessage> = (
  data: Message['data'],
  message: Message,
) => void;
type StateListener = (state: ConnectionState) => void;

export interface MarketSocketOptions {
  url: string;
  backoff?: BackoffPolicy;
  /** Force a reconnect when nothing arrives for this long while channels are subscribed. */
  staleAfterMs?: number;
}

export class MarketSocket {
  private socket: WebSocket | null = null;
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private readonly stateListeners = new Set<StateListener>();
  private readonly channelErrors = new Map<string, Set<(message: string) => void>>();
  private state: ConnectionState = {
    phase: 'connecting',
    attempt: 0,
    nextRetryAt: null,
    generation: 0,
    lastError: null,
  };
  private retryTimer: number | undefined;
  private staleTimer: number | undefined;
  private closedByUser = false;
  private readonly backoff: BackoffPolicy;
  private readonly staleAfterMs: number;

  constructor(private readonly options: MarketSocketOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.staleAfterMs = options.staleAfterMs ?? 10_000;
  }

  start(): void {
    this.closedByUser = false;
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.closedByUser = true;
    window.removeEventListener('online', this.reconnectNow);
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.staleTimer);
    this.socket?.close(1000, 'client closed');
    this.socket = null;
  }

  getState(): ConnectionState {
    return this.state;
  }

  /**
   * The connection a REST snapshot taken now is consistent with: its generation while connected
   * (the subscriptions are live, nothing can fall between snapshot and stream), -1 otherwise. A
   * consumer reloads when a connection with another generation opens.
   */
  syncPoint(): number {
    return this.state.phase === 'connected' ? this.state.generation : -1;
  }

  onStateChange(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Listens to `channel`; the server subscription lives while at least one listener does. */
  subscribe<Channel extends string>(channel: Channel, onMessage: ChannelListener<MessageOn<Channel>>): () => void {
    // The server sends only its channel's messages on a channel, which is what MessageOn says.
    const listener = onMessage as ChannelListener;
    let channelListeners = this.listeners.get(channel);
    if (!channelListeners) {
      channelListeners = new Set();
      this.listeners.set(channel, channelListeners);
      this.send({ op: 'subscribe', channels: [channel] });
    }
    channelListeners.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      this.send({ op: 'unsubscribe', channels: [channel] });
    };
  }

  /** Calls `listener` when the server refuses a subscription to `channel` (e.g. a pair that is not live). */
  onChannelError(channel: string, listener: (message: string) => void): () => void {
    let set = this.channelErrors.get(channel);
    if (!set) this.channelErrors.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.channelErrors.delete(channel);
    };
  }

  private connect(): void {
    window.clearTimeout(this.retryTimer);
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.setState({
        phase: 'connected',
        attempt: 0,
        nextRetryAt: null,
        generation: this.state.generation + 1,
        lastError: null,
      });
      const channels = [...this.listeners.keys()];
      if (channels.length > 0) this.send({ op: 'subscribe', channels });
      this.armStaleTimer();
    });
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket) return;
      this.armStaleTimer();
      this.dispatch(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearTimeout(this.staleTimer);
      if (!this.closedByUser) this.scheduleReconnect(event.reason || `closed (code ${event.code})`);
    });
    // An 'error' is always followed by 'close', which schedules the reconnect.
  }

  private scheduleReconnect(reason: string): void {
    const attempt = this.state.attempt + 1;
    const delay = backoffDelayMs(attempt, this.backoff);
    this.setState({
      ...this.state,
      phase: 'reconnecting',
      attempt,
      nextRetryAt: Date.now() + delay,
      lastError: reason,
    });
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }

  private readonly reconnectNow = (): void => {
    if (this.closedByUser || this.state.phase === 'connected') return;
    this.socket?.close();
    this.connect();
  };

  private armStaleTimer(): void {
    window.clearTimeout(this.staleTimer);
    if (this.listeners.size === 0) return;
    this.staleTimer = window.setTimeout(() => {
      // A half-open TCP connection never fires 'close'; drop it and reconnect.
      const stale = this.socket;
      this.socket = null;
      stale?.close(4000, 'stale');
      if (!this.closedByUser) this.scheduleReconnect(`no data for ${this.staleAfterMs / 1000}s`);
    }, this.staleAfterMs);
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(raw) as ServerMessage;
    } catch {
      // The server sends only JSON; a frame that is not cannot be routed to any listener.
      return;
    }
    if ('channel' in message) {
      this.listeners.get(message.channel)?.forEach((listener) => {
        listener(message.data, message);
      });
    } else if (message.op === 'error') {
      const { error } = message;
      // A request's refused channels come in one error, each with its reason. An error that names no
      // channel answers no view's request, so no view has a place to show it.
      const refused = error.code === 'bad_request' ? [] : error.details.channels;
      for (const { channel, reason } of refused) {
        this.channelErrors.get(channel)?.forEach((listener) => {
          listener(reason);
        });
      }
    }
  }

  private send(message: ClientRequest): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    // Otherwise the 'open' handler subscribes to every channel that still has listeners.
  }

  private setState(next: ConnectionState): void {
    this.state = next;
    this.stateListeners.forEach((listener) => {
      listener(next);
    });
  }
}

export function defaultSocketUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}
