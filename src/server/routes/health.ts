import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { buildHealth } from '../health.js';
import { HealthSchema } from '../schemas.js';

export const healthRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/health',
      {
        schema: {
          summary: 'Process health: uptime, source, ingest counters, store and streams',
          tags: ['system'],
          response: { 200: HealthSchema },
        },
      },
      async () => buildHealth(ctx),
    );
  };
