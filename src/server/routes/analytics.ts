// GET /analytics: one instrument's analytics series (recomputed from stored bars with the live
// engine's class), the live engine's latest closed values and the open bar's provisional ones.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_SYMBOL_PARAMS, PAIR_LIMITS } from '../../analytics/params.js';
import { computeSymbolSeries } from '../../analytics/symbol/symbol-series.js';
import type { SymbolPoint } from '../../analytics/symbol/symbol-engine.js';
import type { Timeframe } from '../../domain/index.js';
import type { ServerContext } from '../context.js';
import { TzParam } from '../export/export-params.js';
import { requireTimeZone } from '../export/local-time.js';
import { sendTable, type Column, type ParquetWriter } from '../export/table-export.js';
import { ErrorSchema, InstrumentParam } from '../schemas.js';
import { FormatEnum, RangeQuery, SymbolAnalyticsSchema, TimeframeSchema } from './analytics-schemas.js';
import { checkRange, resolveKnownField } from './analytics-input.js';

const SYMBOL_COLUMNS: Column<SymbolPoint>[] = [
  { name: 'start', kind: 'bigint', value: (p) => p.start },
  ...(
    [
      'open',
      'high',
      'low',
      'close',
      'volume',
      'return',
      'logReturn',
      'volatility',
      'yangZhang',
      'zscore',
      'volumeZscore',
      'macd',
      'macdSignal',
      'macdHistogram',
      'rsi',
      'bollingerMiddle',
      'bollingerUpper',
      'bollingerLower',
    ] as const
  ).map((name) => ({ name, kind: 'double' as const, value: (p: SymbolPoint) => p[name] })),
];

export const symbolAnalyticsRoutes =
  (ctx: ServerContext, parquet: ParquetWriter): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/analytics',
      {
        schema: {
          summary: "One instrument's analytics: returns, volatility, z-scores, MACD, RSI, Bollinger",
          description:
            'Series of closed bars (without `from`, the latest `limit`), the latest closed values and, unless ' +
            "`to` excludes it, the open bar's provisional values. `format=csv|parquet` downloads the series.",
          tags: ['analytics'],
          querystring: Type.Object({
            instrument: InstrumentParam,
            timeframe: TimeframeSchema,
            window: Type.Integer({
              minimum: 2,
              maximum: PAIR_LIMITS.window.max,
              default: DEFAULT_SYMBOL_PARAMS.window,
            }),
            ...RangeQuery,
            format: FormatEnum,
            tz: Type.Optional(TzParam),
          }),
          response: {
            200: SymbolAnalyticsSchema,
            400: ErrorSchema,
            404: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const { window, from, to, limit, format } = request.query;
        const timeframe = request.query.timeframe as Timeframe;
        checkRange(from, to);
        const tz = requireTimeZone(request.query.tz);
        const instrument = await resolveKnownField(ctx, request.query.instrument, 'instrument');
        const params = { window };
        const open = ctx.pipeline.openBar(instrument, timeframe);
        const computed = await computeSymbolSeries(
          ctx.store,
          { instrument, timeframe, params },
          { from, to, limit },
          open,
        );
        if (format === 'csv' || format === 'parquet') {
          return sendTable(
            reply,
            parquet,
            format,
            `analytics_${instrument}_${timeframe}`,
            SYMBOL_COLUMNS,
            computed.series,
            { tz, epochColumn: 'start' },
          );
        }
        const live = ctx.analytics?.symbol(instrument, timeframe);
        const useLive = live !== undefined && !live.isWarming && window === live.params.window && to === undefined;
        return {
          instrument,
          timeframe,
          window,
          live: live !== undefined,
          series: computed.series,
          latest: useLive ? (live.latest ?? computed.latest) : computed.latest,
          provisional: useLive && open !== undefined ? (live.peek(open) ?? computed.provisional) : computed.provisional,
        };
      },
    );
  };
