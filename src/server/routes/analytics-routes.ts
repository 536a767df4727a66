// Registers the analytics routes (symbol analytics, pairs, correlation, scan) with the one
// Parquet writer they share, closed with the server.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { ParquetWriter } from '../export/table-export.js';
import { symbolAnalyticsRoutes } from './analytics.js';
import { correlationRoutes } from './correlation.js';
import { pairRoutes } from './pairs.js';

export const ANALYTICS_TAGS = [
  { name: 'analytics', description: 'symbol analytics, correlation matrix, pair scanner' },
  { name: 'pairs', description: 'live pairs, pair analytics (hedge ratio, spread, z-score, tests), hedge regressions' },
];

export const analyticsRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const parquet = new ParquetWriter();
    app.addHook('onClose', async () => parquet.close());
    await app.register(symbolAnalyticsRoutes(ctx, parquet));
    await app.register(pairRoutes(ctx, parquet));
    await app.register(correlationRoutes(ctx, parquet));
  };
