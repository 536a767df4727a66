// The daily kline sync: its schedule and newest runs, and a run on demand.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SyncRunningError, type DailySync } from '../../ingest/sync/daily-sync.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { ErrorSchema } from '../schemas.js';
import { SyncRunSchema, SyncStatusSchema } from '../sync-schemas.js';

export const SYNC_TAG = {
  name: 'sync',
  description: 'the daily sync that keeps stored Binance history gap-free, and what the store holds',
};

export const syncRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const sync = (): DailySync => {
      if (!ctx.sync)
        throw new ApiError(
          409,
          'not_supported',
          `the daily sync needs a Binance source; the running source is ${ctx.sourceKind}`,
        );
      return ctx.sync;
    };

    app.get(
      '/sync',
      {
        schema: {
          summary: 'The daily sync: its schedule (cron, UTC), the next run and the newest runs',
          tags: ['sync'],
          response: { 200: SyncStatusSchema, 409: ErrorSchema },
        },
      },
      async () => sync().status(),
    );

    app.post(
      '/sync',
      {
        schema: {
          summary: 'Start a sync run now; it goes on in the background and shows in GET /sync',
          tags: ['sync'],
          response: { 202: Type.Object({ run: SyncRunSchema }), 409: ErrorSchema },
        },
      },
      async (_request, reply) => {
        let started: ReturnType<DailySync['begin']>;
        try {
          started = sync().begin('manual');
        } catch (error) {
          if (error instanceof SyncRunningError)
            throw new ApiError(409, 'sync_running', error.message, { run: error.run.id });
          throw error;
        }
        // Failures of the run are in its record (GET /sync), not in this answer.
        started.done.catch(() => undefined);
        return reply.status(202).send({ run: { ...started.run, errors: [...started.run.errors] } });
      },
    );
  };
