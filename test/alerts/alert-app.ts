// A server with live analytics and the alert engine on a real DuckDB store, fed by hand in tests,
// plus a small WebSocket client that records what it receives.
import WebSocket from 'ws';
import { AlertEngine, type AlertEngineOptions } from '../../src/alerts/alert-engine.js';
import { AlertFeed, type AlertFeedOptions } from '../../src/alerts/delivery/alert-feed.js';
import { AnalyticsService } from '../../src/analytics/live/analytics-service.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { normalizeInstrumentId } from '../../src/domain/index.js';
import { IngestPipeline } from '../../src/ingest/ingest-pipeline.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerContext } from '../../src/server/context.js';
import type { WsGatewayOptions } from '../../src/server/ws-gateway.js';
import { openStore } from '../../src/store/index.js';

export interface AlertAppOptions {
  path?: string;
  alerts?: Partial<Omit<AlertEngineOptions, 'store' | 'bus' | 'resolveInstrument'>>;
  feed?: AlertFeedOptions;
  ws?: WsGatewayOptions;
}

export async function createAlertApp(options: AlertAppOptions = {}) {
  const store = await openStore({ path: options.path ?? ':memory:' });
  const bus = new MemoryBus((error) => {
    throw error;
  });
  const pipeline = new IngestPipeline({ store, bus, timeframes: ['1s', '1m'] });
  const analytics = new AnalyticsService({ store, bus, openBars: pipeline, clockIntervalMs: 0 });
  await analytics.start([]);
  const alertFeed = new AlertFeed(options.feed);
  const alerts = new AlertEngine({
    store,
    bus,
    alertSubscribers: () => alertFeed.size,
    resolveInstrument: (id) => normalizeInstrumentId(id, 'binance'),
    livePairIds: () => analytics.livePairs().map((p) => p.id),
    webhook: { allowPrivate: true, backoffBaseMs: 20, jitter: false, timeoutMs: 2_000 },
    ...options.alerts,
  });
  await alerts.start();
  const ctx: ServerContext = {
    store,
    bus,
    pipeline,
    source: null,
    sourceKind: 'none',
    simulated: false,
    startedAt: Date.now(),
    defaultVenue: 'binance',
    alertFeed,
    analytics,
    alerts,
  };
  const app = await buildServer(ctx, { ws: options.ws });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let closed = false;
  return {
    app,
    ctx,
    store,
    bus,
    pipeline,
    analytics,
    alerts,
    alertFeed,
    url,
    wsUrl: `${url.replace('http', 'ws')}/ws`,
    async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
      const res = await app.inject({ method, url: path, ...(body === undefined ? {} : { payload: body as object }) });
      return { status: res.statusCode, body: res.body === '' ? null : res.json(), headers: res.headers };
    },
    async close() {
      if (closed) return;
      closed = true;
      analytics.stop();
      await app.close();
      await alerts.stop();
      await pipeline.stop();
      await store.close();
    },
  };
}

export type AlertApp = Awaited<ReturnType<typeof createAlertApp>>;

export interface RecordingClient {
  socket: WebSocket;
  messages: any[];
  /** Resolves with the first message (already received or future) that matches. */
  next(predicate: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function connectClient(url: string, channels: string[] = ['alerts']): Promise<RecordingClient> {
  const socket = new WebSocket(url);
  const messages: any[] = [];
  const waiters: Array<{ predicate: (m: any) => boolean; resolve: (m: any) => void }> = [];
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (!waiter.predicate(message)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const client: RecordingClient = {
    socket,
    messages,
    closed,
    next(predicate, timeoutMs = 5_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
  };
  socket.send(JSON.stringify({ op: 'subscribe', channels }));
  await client.next((m) => m.op === 'subscribed');
  return client;
}
