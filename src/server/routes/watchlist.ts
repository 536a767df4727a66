// Runtime changes to the live instruments and the record of trade-id gaps.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { InvalidInstrumentError } from '../../domain/index.js';
import type { ServerContext } from '../context.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { ExportFormatParam, TzParam } from '../export/export-params.js';
import { requireTimeZone } from '../export/local-time.js';
import { GAP_COLUMNS, gapInRange } from '../export/record-columns.js';
import { ParquetWriter, sendTable } from '../export/table-export.js';
import { ErrorSchema, GapSchema, InstrumentParam, InstrumentStreamingSchema } from '../schemas.js';
import { TimeParam } from '../time-param.js';
import { resolveInstrument, resolveKnownInstrument } from './market-data.js';

export const watchlistRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const parquet = new ParquetWriter();
    app.addHook('onClose', async () => parquet.close());
    const control = () => {
      if (!ctx.watchlist)
        throw new ApiError(
          409,
          'not_supported',
          `the running source (${ctx.sourceKind}) has a fixed set of instruments`,
        );
      return ctx.watchlist;
    };

    app.post(
      '/instruments',
      {
        schema: {
          summary: 'Start streaming an instrument (persisted: it is streamed again after a restart)',
          tags: ['market data'],
          body: Type.Object({ id: InstrumentParam }, { additionalProperties: false }),
          response: {
            201: InstrumentStreamingSchema,
            400: ErrorSchema,
            409: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const id = resolveInstrument(ctx, request.body.id);
        try {
          const added = await control().add(id);
          return reply.status(201).send({ id: added, live: true });
        } catch (error) {
          if (error instanceof InvalidInstrumentError)
            throw badRequest(error.message, { field: 'id', value: request.body.id });
          throw error;
        }
      },
    );

    app.delete(
      '/instruments/:id',
      {
        schema: {
          summary: 'Stop streaming an instrument (its stored data stays)',
          tags: ['market data'],
          params: Type.Object({ id: InstrumentParam }),
          response: {
            200: InstrumentStreamingSchema,
            400: ErrorSchema,
            404: ErrorSchema,
            409: ErrorSchema,
          },
        },
      },
      async (request) => {
        const id = resolveInstrument(ctx, request.params.id);
        if (!(await control().remove(id))) throw notFound(`${id} is not streamed`, { field: 'id', value: id });
        return { id, live: false };
      },
    );

    app.get(
      '/gaps',
      {
        schema: {
          summary: 'Trade-id gaps found in the live stream, newest first, with how they were filled',
          description:
            '`from`/`to` select gaps by the time of their first missing trade (else of their detection). ' +
            '`format=csv|parquet` downloads them; `tz` adds a local-time column.',
          tags: ['market data'],
          querystring: Type.Object({
            instrument: Type.Optional(InstrumentParam),
            open: Type.Optional(Type.Boolean({ description: 'only gaps not completely filled' })),
            from: Type.Optional(TimeParam('inclusive lower bound on the first missing trade time')),
            to: Type.Optional(TimeParam('exclusive upper bound on the first missing trade time')),
            limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
            format: ExportFormatParam,
            tz: Type.Optional(TzParam),
          }),
          response: { 200: Type.Array(GapSchema), 400: ErrorSchema, 404: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { open, limit, from, to, format } = request.query;
        const tz = requireTimeZone(request.query.tz);
        const instrument =
          request.query.instrument === undefined
            ? undefined
            : await resolveKnownInstrument(ctx, request.query.instrument);
        const gaps = (ctx.gaps?.list() ?? [])
          .filter(
            (g) =>
              (instrument === undefined || g.instrument === instrument) &&
              (open === undefined || g.filled !== open) &&
              gapInRange(g, from, to),
          )
          .slice(0, limit);
        if (format === 'csv' || format === 'parquet')
          return sendTable(reply, parquet, format, 'gaps', GAP_COLUMNS, gaps, { tz, epochColumn: 'detectedAt' });
        return gaps;
      },
    );
  };
