// What the store holds per instrument and timeframe, for the Data view: first and last bar, count,
// the count a gap-free range would have, and (for one instrument and timeframe) the gaps. Computed
// by the store in SQL (src/store/duckdb/coverage-queries.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Timeframe } from '../../domain/index.js';
import type { ServerContext } from '../context.js';
import { badRequest } from '../errors.js';
import { ErrorSchema, InstrumentParam, TimeframeSchema } from '../schemas.js';
import { resolveKnownInstrument } from './market-data.js';

export const MAX_COVERAGE_GAPS = 5_000;

export const CoverageSchema = Type.Object({
  instrument: Type.String(),
  timeframe: TimeframeSchema,
  first: Type.Union([Type.Number(), Type.Null()], { description: 'start of the first stored bar, epoch ms' }),
  last: Type.Union([Type.Number(), Type.Null()], { description: 'start of the last stored bar, epoch ms' }),
  count: Type.Integer({ description: 'stored bars' }),
  expected: Type.Integer({ description: 'bars a gap-free range from first to last would hold' }),
  missingBars: Type.Integer({ description: 'buckets without a bar between first and last (expected - count)' }),
});

export const CoverageGapSchema = Type.Object({
  from: Type.Number({ description: 'first missing bucket start, epoch ms (inclusive)' }),
  to: Type.Number({ description: 'start of the next stored bar, epoch ms (exclusive)' }),
  missingBars: Type.Integer(),
  noDataBars: Type.Integer({ description: 'buckets of the gap the exchange has no data for' }),
});

export const CoverageDetailSchema = Type.Object({
  ...CoverageSchema.properties,
  gapCount: Type.Integer({ description: 'runs of missing buckets between first and last' }),
  noDataBars: Type.Integer({
    description: 'of the missing buckets, those the exchange has no data for (recorded by the daily sync)',
  }),
  gaps: Type.Array(CoverageGapSchema, {
    description: 'the largest `maxGaps` gaps in time order; gapCount says how many there are in all',
  }),
});

export const coverageRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/coverage',
      {
        schema: {
          summary: 'Stored bars per instrument and timeframe; with instrument and timeframe, also the gaps',
          description:
            'Without `instrument`: every stored instrument and timeframe (optionally one timeframe), without ' +
            'gaps. With `instrument` and `timeframe`: that one, with its largest `maxGaps` gaps as [from, to) ranges.',
          tags: ['sync'],
          querystring: Type.Object({
            instrument: Type.Optional(InstrumentParam),
            timeframe: Type.Optional(TimeframeSchema),
            maxGaps: Type.Integer({ minimum: 0, maximum: MAX_COVERAGE_GAPS, default: 500 }),
          }),
          response: {
            200: Type.Union([Type.Array(CoverageSchema), CoverageDetailSchema]),
            400: ErrorSchema,
            404: ErrorSchema,
          },
        },
      },
      async (request) => {
        const { maxGaps } = request.query;
        const timeframe = request.query.timeframe as Timeframe | undefined;
        // Bars still buffered belong to the answer.
        await ctx.store.flush();
        if (request.query.instrument === undefined) return ctx.store.barCoverage({ timeframe });
        if (timeframe === undefined)
          throw badRequest('timeframe is required with instrument, e.g. ?instrument=binance:BTCUSDT&timeframe=1m', {
            field: 'timeframe',
          });
        const instrument = await resolveKnownInstrument(ctx, request.query.instrument);
        return ctx.store.barCoverageDetail(instrument, timeframe, maxGaps);
      },
    );
  };
