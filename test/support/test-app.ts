// The server of the end-to-end tests and benches, wired like `tickscope start` but fed by hand:
// a real DuckDB store and ingest pipeline, and as many engines as a test asks for (none, live
// analytics, or analytics and alerts). Clocks are manual unless a test passes its own: the
// analytics clock never ticks (`settle()` completes buckets) and the pipeline clock is not started.
import { AlertEngine, type AlertEngineOptions } from '../../src/alerts/alert-engine.js';
import { AlertFeed, type AlertFeedOptions } from '../../src/alerts/delivery/alert-feed.js';
import {
  AnalyticsService,
  type AnalyticsServiceOptions,
  type AnalyticsUpdate,
} from '../../src/analytics/live/analytics-service.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { normalizeInstrumentId, type Timeframe, type Venue } from '../../src/domain/index.js';
import { IngestPipeline } from '../../src/ingest/ingest-pipeline.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerContext } from '../../src/server/context.js';
import type { WsGatewayOptions } from '../../src/server/ws-gateway.js';
import { openStore, type DuckDbStoreOptions } from '../../src/store/index.js';
import { SessionKeeper } from '../../src/analytics/sessions/session-keeper.js';
import { SessionProfiles } from '../../src/analytics/sessions/session-profiles.js';

/** Which engines run behind the server: each level includes the one before. */
export type TestEngines = 'none' | 'analytics' | 'alerts';

export interface TestAppOptions<E extends TestEngines = TestEngines> {
  engines?: E;
  /** Database file; default `:memory:`. */
  path?: string;
  /** Store limits (e.g. maxPendingRows, flushIntervalMs). */
  store?: Partial<Omit<DuckDbStoreOptions, 'path'>>;
  /** Bar timeframes built by the pipeline; default 1s and 1m; `'all'` for the pipeline's own default. */
  timeframes?: readonly Timeframe[] | 'all';
  /** Venue of bare symbols; `sim` (the default) also labels the server SIMULATED. */
  venue?: Venue;
  analytics?: Partial<AnalyticsServiceOptions>;
  alerts?: Partial<Omit<AlertEngineOptions, 'store' | 'bus' | 'resolveInstrument'>>;
  /** The `alerts` WebSocket channel's queue limits. */
  feed?: AlertFeedOptions;
  /** Directory of a built dashboard to serve. */
  webRoot?: string;
  /** Limits of the /ws gateway (per-client buffers). */
  ws?: WsGatewayOptions;
  /** The largest CSV POST /imports accepts, bytes. */
  importMaxBytes?: number;
  /** Listens on a free port of 127.0.0.1 (`url`, `wsUrl`); otherwise requests are injected. */
  listen?: boolean;
  /** A bus handler that throws fails the test (default); benches may prefer to count on. */
  onBusError?: (error: unknown) => void;
  /** Keeps stored session rows (ctx.sessions), not started: the test starts it once its bars are in. */
  sessions?: { clock?: () => number; definitionsVersion?: number };
}

export interface TestResponse {
  status: number;
  /** Parsed JSON, the text of any other body, or null when empty. */
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

interface BaseTestApp {
  app: Awaited<ReturnType<typeof buildServer>>;
  ctx: ServerContext;
  store: ServerContext['store'];
  bus: MemoryBus;
  pipeline: IngestPipeline;
  alertFeed: AlertFeed;
  /** Empty unless `listen`. */
  url: string;
  wsUrl: string;
  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<TestResponse>;
  get(path: string): Promise<TestResponse>;
  /** Closes every open bar and, with analytics, completes every bucket and waits for the deferred tests. */
  settle(): Promise<void>;
  /** Stops engines, server, pipeline and store, in the order `tickscope start` does; idempotent. */
  close(): Promise<void>;
}

interface AnalyticsParts {
  analytics: AnalyticsService;
  /** Every update the analytics emitted, in order. */
  updates: AnalyticsUpdate[];
}

export type TestApp<E extends TestEngines = 'none'> = BaseTestApp &
  (E extends 'none' ? unknown : AnalyticsParts) &
  (E extends 'alerts' ? { alerts: AlertEngine } : unknown);

export async function createTestApp<E extends TestEngines = 'none'>(
  options: TestAppOptions<E> = {},
): Promise<TestApp<E>> {
  const engines: TestEngines = options.engines ?? 'none';
  const venue = options.venue ?? 'sim';
  const store = await openStore({ ...options.store, path: options.path ?? ':memory:' });
  const bus = new MemoryBus(
    options.onBusError ??
      ((error) => {
        throw error;
      }),
  );
  const timeframes = options.timeframes ?? ['1s', '1m'];
  const pipeline = new IngestPipeline({ store, bus, ...(timeframes === 'all' ? {} : { timeframes }) });

  let analytics: AnalyticsService | undefined;
  const updates: AnalyticsUpdate[] = [];
  if (engines !== 'none') {
    analytics = new AnalyticsService({ store, bus, openBars: pipeline, clockIntervalMs: 0, ...options.analytics });
    analytics.onUpdate((update) => updates.push(update));
    await analytics.start([]);
  }
  const alertFeed = new AlertFeed(options.feed);
  let alerts: AlertEngine | undefined;
  if (engines === 'alerts' && analytics !== undefined) {
    const live = analytics;
    alerts = new AlertEngine({
      store,
      bus,
      alertSubscribers: () => alertFeed.size,
      resolveInstrument: (id) => normalizeInstrumentId(id, venue),
      livePairIds: () => live.livePairs().map((pair) => pair.id),
      webhook: { allowPrivate: true, backoffBaseMs: 20, jitter: false, timeoutMs: 2_000 },
      ...options.alerts,
    });
    await alerts.start();
  }

  const sessionProfiles = new SessionProfiles();
  const sessions =
    options.sessions === undefined
      ? undefined
      : new SessionKeeper({ store, profiles: sessionProfiles, feed: bus, ...options.sessions });
  const ctx: ServerContext = {
    store,
    bus,
    pipeline,
    sessionProfiles,
    ...(sessions === undefined ? {} : { sessions }),
    source: null,
    sourceKind: venue === 'sim' ? 'sim' : 'none',
    simulated: venue === 'sim',
    startedAt: Date.now(),
    defaultVenue: venue,
    alertFeed,
    ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    ...(analytics === undefined ? {} : { analytics }),
    ...(alerts === undefined ? {} : { alerts }),
  };
  const app = await buildServer(ctx, { ws: options.ws, importMaxBytes: options.importMaxBytes });
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';

  const request: BaseTestApp['request'] = async (method, path, body) => {
    const res = await app.inject({ method, url: path, ...(body === undefined ? {} : { payload: body as object }) });
    const json = res.headers['content-type']?.toString().startsWith('application/json') === true;
    return {
      status: res.statusCode,
      body: res.body === '' ? null : json ? res.json() : res.body,
      headers: res.headers,
    };
  };
  let closing: Promise<void> | undefined;
  const testApp: BaseTestApp & Partial<AnalyticsParts> & { alerts?: AlertEngine } = {
    app,
    ctx,
    store,
    bus,
    pipeline,
    alertFeed,
    url,
    wsUrl: url === '' ? '' : `${url.replace('http', 'ws')}/ws`,
    request,
    get: (path) => request('GET', path),
    async settle() {
      await pipeline.finish();
      if (analytics === undefined) return;
      analytics.advanceClock(Number.MAX_SAFE_INTEGER / 2);
      await analytics.rebuilds();
      await analytics.jobs.idle();
    },
    close: () =>
      (closing ??= (async () => {
        analytics?.stop();
        await app.close();
        await sessions?.stop();
        await pipeline.stop();
        await alerts?.stop();
        await store.close();
      })()),
    ...(analytics === undefined ? {} : { analytics, updates }),
    ...(alerts === undefined ? {} : { alerts }),
  };
  return testApp as TestApp<E>;
}
