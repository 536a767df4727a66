// The HTTP server: REST under /api/v1 (OpenAPI at /docs), WebSocket at /ws, the dashboard at /.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';
import { serveDashboard } from './dashboard-static.js';
import { EARLY_ERROR_OPTIONS, installErrorHandling } from './error-handler.js';
import { errorBody } from './errors.js';
import { shorten } from './request-errors.js';
import { ALERTS_TAG, alertRoutes } from './routes/alerts.js';
import { ANALYTICS_TAGS, analyticsRoutes } from './routes/analytics-routes.js';
import { coverageRoutes } from './routes/coverage.js';
import { healthRoutes } from './routes/health.js';
import { ImportJobs } from './imports/import-jobs.js';
import { DEFAULT_IMPORT_MAX_BYTES, IMPORTS_TAG, importRoutes } from './routes/imports.js';
import { marketDataRoutes } from './routes/market-data.js';
import { SESSIONS_TAG, sessionRoutes } from './routes/sessions.js';
import { SYNC_TAG, syncRoutes } from './routes/sync.js';
import { watchlistRoutes } from './routes/watchlist.js';
import { AJV_OPTIONS, buildValidator, timeKeyword } from './validation.js';
import { installWsGateway, type WsGateway, type WsGatewayOptions } from './ws-gateway.js';

export interface BuildServerOptions {
  logger?: FastifyBaseLogger | boolean;
  /** The WebSocket gateway's bounds. */
  ws?: WsGatewayOptions;
  /** The largest CSV `POST /imports` accepts, bytes (`--import-max-bytes`). */
  importMaxBytes?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The /ws gateway, for its send-queue figures. */
    wsGateway: WsGateway;
    /** The CSV imports of this server, running and recent. */
    importJobs: ImportJobs;
  }
}

export async function buildServer(ctx: ServerContext, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger ?? false }),
    logController: new LogController({ disableRequestLogging: true }),
    ...EARLY_ERROR_OPTIONS,
    ajv: { customOptions: AJV_OPTIONS, plugins: [timeKeyword] },
    schemaController: { compilersFactory: { buildValidator: buildValidator() } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  installErrorHandling(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tickscope API',
        description: 'Live Binance trades, exact multi-timeframe bars and pairs-trading statistics.',
        version: '1',
      },
      tags: [
        { name: 'system', description: 'health and status' },
        { name: 'market data', description: 'instruments, trades and bars' },
        ...ANALYTICS_TAGS,
        ALERTS_TAG,
        IMPORTS_TAG,
        SESSIONS_TAG,
        SYNC_TAG,
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  await app.register(healthRoutes(ctx), { prefix: '/api/v1' });
  await app.register(marketDataRoutes(ctx), { prefix: '/api/v1' });
  await app.register(analyticsRoutes(ctx), { prefix: '/api/v1' });
  await app.register(watchlistRoutes(ctx), { prefix: '/api/v1' });
  await app.register(alertRoutes(ctx), { prefix: '/api/v1' });
  await app.register(sessionRoutes(ctx), { prefix: '/api/v1' });
  const importJobs = new ImportJobs(ctx.store);
  // An import writes bars without the bus: the sessions it touched are found by their bar checksums.
  const sessions = ctx.sessions;
  if (sessions) {
    const stopWatching = importJobs.subscribe(({ data }) => {
      if (data.state === 'done' && !data.dryRun) sessions.barsChanged(data.instrument);
    });
    app.addHook('onClose', async () => stopWatching());
  }
  app.decorate('importJobs', importJobs);
  const importMaxBytes = options.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  await app.register(importRoutes({ jobs: importJobs, maxBytes: importMaxBytes }), { prefix: '/api/v1' });
  await app.register(syncRoutes(ctx), { prefix: '/api/v1' });
  await app.register(coverageRoutes(ctx), { prefix: '/api/v1' });
  const gateway = installWsGateway(app, ctx, { ...options.ws, imports: importJobs });
  app.decorate('wsGateway', gateway);
  app.addHook('onClose', async () => gateway.stop());

  const hasWeb = await serveDashboard(app, ctx.webRoot);
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/docs');
    // A page from an older build asking for an asset this build no longer has gets a 404, not HTML as script.
    const isAsset = request.url.startsWith('/assets/');
    if (!isApi && !isAsset && hasWeb && request.method === 'GET') return reply.type('text/html').sendFile('index.html');
    return reply
      .status(404)
      .send(errorBody('not_found', `no route ${request.method} ${shorten(request.url.split('?')[0])}`));
  });

  return app;
}
