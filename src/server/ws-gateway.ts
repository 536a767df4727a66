// WebSocket push channel at /ws. Clients subscribe to channels; bar channels have latest-value
// semantics: each bar start keeps only its newest state until it is sent, and a client whose
// socket is backed up is skipped until it drains, so a slow client gets the newest state
// instead of a growing queue. Pending state is sent once the current burst of ticks has been
// ingested (setImmediate), which coalesces a burst into one message without adding latency.
// Every frame is built through ws-schemas.ts, so its shape is the schema's, and leaves through the
// client's outbox (ws-client-outbox.ts), which bounds everything the server holds for a client and
// closes one that does not read. A request is answered with at most one ack and one error per
// reason (ws-refusals.ts), whatever it names.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { AlertMessage } from '../alerts/alert-schemas.js';
import type { Bar, InstrumentId } from '../domain/index.js';
import { copyBar } from '../domain/index.js';
import { channelSnapshot, metricChannel, metricChannelMessage } from './analytics-ws.js';
import type { ServerContext } from './context.js';
import { buildHealth } from './health.js';
import { parseChannel, type Channel } from './ws-channels.js';
import type { ImportJobs } from './imports/import-jobs.js';
import { ClientOutbox } from './ws-client-outbox.js';
import { ChannelRefusals } from './ws-refusals.js';
import {
  encodeServerMessage,
  SLOW_CONSUMER_CLOSE_CODE,
  type BarUpdate,
  type SubscriptionAck,
  type WsError,
} from './ws-schemas.js';

/**
 * How often clients that were too backed up to take their pending state are looked at again, and
 * every client's bound checked against what reached it by other paths (the alert feed's queue).
 */
const SLOW_CLIENT_RETRY_MS = 50;
const STATUS_INTERVAL_MS = 1_000;
/** Per connection; a request naming more is refused whole, since it could never be taken. */
export const MAX_CHANNELS_PER_CLIENT = 200;
/** Default bound on the bytes held for one client: some seconds of every channel for a reader that hiccups. */
export const DEFAULT_WS_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface WsGatewayOptions {
  /** Bytes the server may hold for one client (socket, queued state, queued alerts); one more closes it. */
  maxBufferedBytes?: number;
  /** CSV imports whose progress the `imports` channel tells; without them the channel stays silent. */
  imports?: Pick<ImportJobs, 'subscribe'>;
}

/** How the gateway's send queues stand, for tests and benchmarks. */
export interface WsGatewayStats {
  clients: number;
  maxBufferedBytes: number;
  /** Clients closed for going over `maxBufferedBytes`. */
  closedForBacklog: number;
  /** The most bytes held for any one client at any check, over the gateway's life. */
  peakBufferedBytes: number;
}

export interface WsGateway {
  stats(): WsGatewayStats;
  stop(): void;
}

/**
 * A bar channel's message. The bar is copied field by field, not spread: with an object spread
 * on this path (once per flush), V8 promoted about 0.9 MB out of the young generation per
 * scavenge at 5,000 trades/s instead of about 20 KB, and each scavenge paused the thread for
 * 2.5-4 ms instead of about 1 ms.
 */
function barMessage(channel: string, bar: Bar, closed: boolean, amended: boolean): string {
  const data: Bar & Partial<Pick<BarUpdate, 'closed' | 'amended'>> = copyBar(bar);
  data.closed = closed;
  data.amended = amended;
  // Both flags are set just above; the domain bar must still carry every field of the schema's bar.
  return encodeServerMessage({ channel, data: data as Bar & Pick<BarUpdate, 'closed' | 'amended'> });
}

class Client {
  readonly channels = new Map<string, Channel>();
  /**
   * instrument → names of this client's bar channels on it, so that a tick marks them without a
   * walk over every channel (200 per client, 2,000 ticks/s and 5 clients made 2 M steps a second).
   */
  readonly barChannels = new Map<InstrumentId, string[]>();
  constructor(
    readonly socket: WebSocket,
    readonly outbox: ClientOutbox,
  ) {}

  reply(message: SubscriptionAck | WsError): void {
    this.outbox.send(encodeServerMessage(message));
  }
}

export function installWsGateway(app: FastifyInstance, ctx: ServerContext, options: WsGatewayOptions = {}): WsGateway {
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_WS_MAX_BUFFERED_BYTES;
  let closedForBacklog = 0;
  /** Peak of the clients that are gone; the live ones keep their own. */
  let peakOfGoneClients = 0;
  const clients = new Set<Client>();
  /** instrument → bar channels subscribed by anyone, for the tick fan-out. */
  const barSubscribers = new Map<InstrumentId, Set<Client>>();
  /** analytics, pair and sessions channel name → subscribed clients. */
  const analyticsSubscribers = new Map<string, Set<Client>>();

  let flushScheduled = false;
  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flush);
  };

  const unsubscribeTicks = ctx.bus.subscribe('tick', (tick) => {
    const subscribers = barSubscribers.get(tick.instrument);
    if (!subscribers) return;
    for (const client of subscribers) {
      const names = client.barChannels.get(tick.instrument);
      if (names === undefined) continue;
      // Mark only; the open bar is read at flush time, so a burst of ticks costs one message.
      for (const name of names) client.outbox.markOpenBar(name);
    }
    scheduleFlush();
  });
  // A closed bar, `amended` when it replaces one already sent (a late trade, a gap fill, the
  // exchange's kline): encoded once for all its subscribers, who hold the same string.
  const unsubscribeBars = ctx.bus.subscribe('bar', ({ bar, amended }) => {
    const subscribers = barSubscribers.get(bar.instrument);
    if (!subscribers) return;
    const name = `bars:${bar.instrument}:${bar.timeframe}`;
    let frame: string | undefined;
    for (const client of subscribers) {
      if (!client.channels.has(name)) continue;
      frame ??= barMessage(name, bar, true, amended);
      client.outbox.put(`${name}|${bar.start}`, frame);
    }
    if (frame !== undefined) scheduleFlush();
  });

  const unsubscribeMetrics = ctx.bus.subscribe('metric', (metric) => {
    const channel = metricChannel(metric);
    const subscribers = analyticsSubscribers.get(channel);
    if (!subscribers) return;
    const { key, message } = metricChannelMessage(metric, channel);
    for (const client of subscribers) client.outbox.put(`${channel}|${key}`, message);
    scheduleFlush();
  });
  const { alertFeed } = ctx;
  // Serialised once for every subscriber, and not at all when there is none. The engine publishes
  // what it sends typed as the channel's frame (AlertMessage); the bus carries it as plain JSON.
  const unsubscribeAlerts = ctx.bus.subscribe('alert', ({ type, data }) => {
    if (alertFeed.size === 0) return;
    alertFeed.publish(encodeServerMessage({ channel: 'alerts', type, data } as AlertMessage));
    // What the feed could not hand to a socket it queued: counted against each client's bound now.
    for (const client of alertSubscriptions.keys()) client.outbox.check();
  });

  // Sessions: latest value per session and kind, so a slow client gets the newest provisional state
  // and every final row (each session's is its own key).
  const unsubscribeSessions =
    ctx.sessions?.subscribe(({ instrument, profile, provisional, row }) => {
      const channel = `sessions:${instrument}:${profile}`;
      const subscribers = analyticsSubscribers.get(channel);
      if (!subscribers || subscribers.size === 0) return;
      const frame = encodeServerMessage({ channel, data: { type: 'session', provisional, row } });
      const key = `${channel}|${row.start}|${provisional ? 'provisional' : 'final'}`;
      for (const client of subscribers) client.outbox.put(key, frame);
      scheduleFlush();
    }) ?? (() => {});

  // Latest state per import (a slow client skips intermediate progress); the final state is the latest.
  const importSubscribers = new Set<Client>();
  const unsubscribeImports =
    options.imports?.subscribe((message) => {
      if (importSubscribers.size === 0) return;
      const frame = encodeServerMessage(message);
      for (const client of importSubscribers) client.outbox.put(`imports|${message.data.id}`, frame);
      scheduleFlush();
    }) ?? (() => {});

  /** Open-bar frames of the flush under way, by channel: clients on the same channel share one. */
  const openBarFrames = new Map<string, string | null>();
  const openBarFrame = (channel: Channel & { kind: 'bars' }): string | undefined => {
    let frame = openBarFrames.get(channel.name);
    if (frame === undefined) {
      const open = ctx.pipeline.openBar(channel.instrument, channel.timeframe);
      frame = open ? barMessage(channel.name, open, false, false) : null;
      openBarFrames.set(channel.name, frame);
    }
    return frame ?? undefined;
  };

  function flush(): void {
    flushScheduled = false;
    try {
      for (const client of clients) {
        const { outbox } = client;
        if (!outbox.check() || !outbox.hasPending || client.socket.bufferedAmount > outbox.slowBytes) continue;
        outbox.drain((name) => {
          const channel = client.channels.get(name);
          return channel?.kind === 'bars' ? openBarFrame(channel) : undefined;
        });
      }
    } finally {
      openBarFrames.clear();
    }
  }
  const slowClientTimer = setInterval(flush, SLOW_CLIENT_RETRY_MS);
  const statusTimer = setInterval(() => {
    let health: string | undefined;
    for (const client of clients) {
      if (!client.channels.has('status') || client.socket.bufferedAmount > client.outbox.slowBytes) continue;
      health ??= encodeServerMessage({ channel: 'status', data: buildHealth(ctx) });
      client.outbox.send(health);
    }
  }, STATUS_INTERVAL_MS);

  /** Alert subscriptions: the alert feed queues per client and never coalesces or drops. */
  const alertSubscriptions = new Map<Client, () => void>();

  const removeFromIndex = (client: Client, channel: Channel) => {
    if (channel.kind === 'alerts') {
      alertSubscriptions.get(client)?.();
      alertSubscriptions.delete(client);
    }
    if (channel.kind === 'analytics' || channel.kind === 'pair' || channel.kind === 'sessions')
      analyticsSubscribers.get(channel.name)?.delete(client);
    if (channel.kind === 'imports') importSubscribers.delete(client);
    if (channel.kind !== 'bars') return;
    const names = (client.barChannels.get(channel.instrument) ?? []).filter((name) => name !== channel.name);
    if (names.length > 0) {
      client.barChannels.set(channel.instrument, names);
      return;
    }
    client.barChannels.delete(channel.instrument);
    barSubscribers.get(channel.instrument)?.delete(client);
  };

  /** Releases every subscription of a client that is going (closed, or over its bound). */
  const releaseAll = (client: Client) => {
    const channels = [...client.channels.values()];
    client.channels.clear();
    for (const channel of channels) removeFromIndex(client, channel);
  };

  const subscribe = (client: Client, channel: Channel) => {
    const isNew = !client.channels.has(channel.name);
    client.channels.set(channel.name, channel);
    if (channel.kind === 'bars') {
      let set = barSubscribers.get(channel.instrument);
      if (!set) barSubscribers.set(channel.instrument, (set = new Set()));
      set.add(client);
      const names = client.barChannels.get(channel.instrument);
      if (names === undefined) client.barChannels.set(channel.instrument, [channel.name]);
      else if (isNew) names.push(channel.name);
      client.outbox.markOpenBar(channel.name);
      scheduleFlush();
    } else if (channel.kind === 'imports') {
      importSubscribers.add(client);
    } else if (channel.kind === 'alerts') {
      if (!alertSubscriptions.has(client)) alertSubscriptions.set(client, alertFeed.subscribe(client.socket));
    } else if (channel.kind === 'sessions') {
      let set = analyticsSubscribers.get(channel.name);
      if (!set) analyticsSubscribers.set(channel.name, (set = new Set()));
      set.add(client);
      const row = ctx.sessions?.latestProvisional(channel.instrument, channel.profile);
      if (row) {
        const frame = encodeServerMessage({ channel: channel.name, data: { type: 'session', provisional: true, row } });
        client.outbox.put(`${channel.name}|${row.start}|provisional`, frame);
        scheduleFlush();
      }
    } else if (channel.kind === 'analytics' || channel.kind === 'pair') {
      let set = analyticsSubscribers.get(channel.name);
      if (!set) analyticsSubscribers.set(channel.name, (set = new Set()));
      set.add(client);
      for (const { key, message } of channelSnapshot(ctx, channel))
        client.outbox.put(`${channel.name}|${key}`, message);
      scheduleFlush();
    }
  };

  const unsubscribe = (client: Client, channel: Channel) => {
    if (!client.channels.delete(channel.name)) return;
    client.outbox.forgetChannel(channel.name);
    removeFromIndex(client, channel);
  };

  const handleRequest = (client: Client, raw: string) => {
    let request: { op?: unknown; channels?: unknown };
    try {
      request = JSON.parse(raw);
    } catch {
      client.reply({ op: 'error', error: { code: 'bad_request', message: 'message is not JSON', details: null } });
      return;
    }
    const { op, channels } = request ?? {};
    if (
      (op !== 'subscribe' && op !== 'unsubscribe') ||
      !Array.isArray(channels) ||
      !channels.every((c) => typeof c === 'string')
    ) {
      client.reply({
        op: 'error',
        error: {
          code: 'bad_request',
          message: 'expected {"op":"subscribe"|"unsubscribe","channels":[string…]}',
          details: { op },
        },
      });
      return;
    }
    const refusals = new ChannelRefusals();
    const done: string[] = [];
    if (channels.length > MAX_CHANNELS_PER_CLIENT) {
      const reason = `a request names at most ${MAX_CHANNELS_PER_CLIENT} channels; this one names ${channels.length}`;
      refusals.addAll('too_many_channels', channels, reason, MAX_CHANNELS_PER_CLIENT);
    } else {
      for (const name of channels as string[]) {
        let channel: Channel;
        try {
          channel = parseChannel(ctx, name);
        } catch (error) {
          refusals.add('bad_channel', name, (error as Error).message);
          continue;
        }
        if (op === 'subscribe') {
          if (client.channels.size >= MAX_CHANNELS_PER_CLIENT && !client.channels.has(channel.name)) {
            const reason = `at most ${MAX_CHANNELS_PER_CLIENT} channels per connection; unsubscribe some first`;
            refusals.add('too_many_channels', name, reason, MAX_CHANNELS_PER_CLIENT);
            continue;
          }
          subscribe(client, channel);
        } else {
          unsubscribe(client, channel);
        }
        done.push(channel.name);
      }
    }
    for (const error of refusals.errors()) client.reply(error);
    client.reply({ op: op === 'subscribe' ? 'subscribed' : 'unsubscribed', channels: done });
  };

  app.get('/ws', { websocket: true, schema: { hide: true } }, (socket, upgrade) => {
    let client: Client | undefined;
    const outbox = new ClientOutbox(socket, upgrade.raw.socket, {
      maxBufferedBytes,
      heldElsewhere: () => alertFeed.queuedBytes(socket),
      onOverflow: (bufferedBytes) => {
        closedForBacklog++;
        if (client) releaseAll(client);
        app.log.warn(
          { client: upgrade.ip, bufferedBytes, maxBufferedBytes, code: SLOW_CONSUMER_CLOSE_CODE },
          'closed a /ws client that is not reading',
        );
      },
    });
    client = new Client(socket, outbox);
    clients.add(client);
    socket.on('message', (raw) => {
      // A client being closed is not answered any more: it is not reading what it was sent.
      if (client.outbox.isOpen) handleRequest(client, raw.toString());
    });
    socket.on('close', () => {
      clients.delete(client);
      peakOfGoneClients = Math.max(peakOfGoneClients, client.outbox.peakBufferedBytes);
      releaseAll(client);
    });
    socket.on('error', () => socket.terminate());
  });

  return {
    stats: () => {
      let peakBufferedBytes = peakOfGoneClients;
      for (const client of clients) peakBufferedBytes = Math.max(peakBufferedBytes, client.outbox.peakBufferedBytes);
      return { clients: clients.size, maxBufferedBytes, closedForBacklog, peakBufferedBytes };
    },
    stop: () => {
      clearInterval(slowClientTimer);
      clearInterval(statusTimer);
      unsubscribeTicks();
      unsubscribeBars();
      unsubscribeMetrics();
      unsubscribeAlerts();
      unsubscribeImports();
      unsubscribeSessions();
      alertFeed.close();
      for (const client of clients) client.outbox.close(1001, 'server shutting down');
    },
  };
}
