// GET /correlation (matrix of return correlations) and GET /scan (every pair ranked for pairs
// trading), both over the instruments' latest closes aligned on common buckets.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_PAIR_PARAMS, PAIR_LIMITS } from '../../analytics/params.js';
import { readAlignedCloses, type AlignedCloses } from '../../analytics/scan/aligned-closes.js';
import { correlationMatrix } from '../../analytics/scan/correlation-matrix.js';
import { scanPairs, type ScanRow, type ScanSort } from '../../analytics/scan/pair-scanner.js';
import type { Timeframe } from '../../domain/index.js';
import type { ServerContext } from '../context.js';
import { notEnoughData } from '../errors.js';
import { sendTable, type Column, type ParquetWriter } from '../export/table-export.js';
import { ErrorSchema } from '../schemas.js';
import {
  CorrelationSchema,
  FormatEnum,
  InstrumentListParam,
  PairParamsQuery,
  ScanSchema,
  ScanSortEnum,
  TimeframeSchema,
} from './analytics-schemas.js';
import { instrumentList } from './analytics-input.js';

const MAX_INSTRUMENTS = 100;

interface CorrelationCell {
  x: string;
  y: string;
  correlation: number | null;
}

const CORRELATION_COLUMNS: Column<CorrelationCell>[] = [
  { name: 'x', kind: 'text', value: (c) => c.x },
  { name: 'y', kind: 'text', value: (c) => c.y },
  { name: 'correlation', kind: 'double', value: (c) => c.correlation },
];

const SCAN_COLUMNS: Column<ScanRow>[] = [
  { name: 'rank', kind: 'bigint', value: (r) => r.rank },
  { name: 'x', kind: 'text', value: (r) => r.x },
  { name: 'y', kind: 'text', value: (r) => r.y },
  ...(['pValue', 'stat', 'hedgeRatio', 'intercept', 'halfLife', 'correlation'] as const).map((name) => ({
    name,
    kind: 'double' as const,
    value: (r: ScanRow) => r[name],
  })),
  { name: 'error', kind: 'text', value: (r) => r.error },
];

/**
 * 422 when fewer than two of the instruments have bars on the timeframe, or when they have fewer
 * aligned buckets in common than the request needs: says how many there are and how many are needed.
 */
function requireEnoughCloses(aligned: AlignedCloses, timeframe: Timeframe, field: string, value: number, need: number) {
  if (aligned.instruments.length < 2) {
    const have = aligned.instruments.length;
    throw notEnoughData(
      `${have === 0 ? 'none' : `only ${aligned.instruments[0]}`} of the instruments has bars on ${timeframe} yet; ` +
        `at least 2 are needed (without bars: ${aligned.missing.join(', ')})`,
      { field: 'instruments', have, need: 2, missing: aligned.missing, timeframe },
    );
  }
  const have = aligned.starts.length;
  if (have < need) {
    throw notEnoughData(
      `the instruments have ${have} aligned ${timeframe} closes in common; ${field}=${value} needs ${need}`,
      {
        field,
        value,
        have,
        need,
        timeframe,
        allowed: have > need - value ? `at most ${have - (need - value)} with the stored bars` : 'wait for more bars',
      },
    );
  }
}

export const correlationRoutes =
  (ctx: ServerContext, parquet: ParquetWriter): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/correlation',
      {
        schema: {
          summary: 'Correlation matrix of simple returns over the last `window` aligned returns',
          tags: ['analytics'],
          querystring: Type.Object({
            instruments: InstrumentListParam,
            timeframe: TimeframeSchema,
            window: Type.Integer({
              minimum: PAIR_LIMITS.window.min,
              maximum: PAIR_LIMITS.window.max,
              default: DEFAULT_PAIR_PARAMS.window,
            }),
            format: FormatEnum,
          }),
          response: { 200: CorrelationSchema, 400: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { window, format } = request.query;
        const timeframe = request.query.timeframe as Timeframe;
        const instruments = await instrumentList(ctx, request.query.instruments, 2, MAX_INSTRUMENTS);
        const aligned = await readAlignedCloses(ctx.store, instruments, timeframe, window + 1);
        requireEnoughCloses(aligned, timeframe, 'window', window, window + 1);
        const { matrix, nobs } = correlationMatrix(aligned.closes, window);
        if (format === 'csv' || format === 'parquet') {
          const cells = aligned.instruments.flatMap((x, i) =>
            aligned.instruments.map((y, j) => ({ x, y, correlation: matrix[i][j] })),
          );
          return sendTable(reply, parquet, format, `correlation_${timeframe}`, CORRELATION_COLUMNS, cells);
        }
        return {
          timeframe,
          window,
          instruments: aligned.instruments,
          missing: aligned.missing,
          start: aligned.starts[0] ?? null,
          end: aligned.starts[aligned.starts.length - 1] ?? null,
          nobs,
          carried: Object.fromEntries(aligned.instruments.map((id, i) => [id, aligned.carried[i]])),
          matrix,
        };
      },
    );

    app.get(
      '/scan',
      {
        schema: {
          summary:
            'Every pair of the instruments ranked by Engle-Granger p-value, half-life and correlation over the ' +
            'lookback',
          description:
            'For each pair (x, y) with x listed before y: Engle-Granger of y on x, the half-life of its residual,' +
            ' and the correlation of simple returns.',
          tags: ['analytics'],
          querystring: Type.Object({
            instruments: InstrumentListParam,
            timeframe: TimeframeSchema,
            lookback: Type.Integer({
              minimum: PAIR_LIMITS.lookback.min,
              maximum: 5_000,
              default: DEFAULT_PAIR_PARAMS.lookback,
            }),
            price: PairParamsQuery.price,
            sort: ScanSortEnum,
            format: FormatEnum,
          }),
          response: { 200: ScanSchema, 400: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { lookback, format } = request.query;
        const timeframe = request.query.timeframe as Timeframe;
        const instruments = await instrumentList(ctx, request.query.instruments, 2, MAX_INSTRUMENTS);
        const aligned = await readAlignedCloses(ctx.store, instruments, timeframe, lookback);
        requireEnoughCloses(aligned, timeframe, 'lookback', lookback, lookback);
        const pairs = await scanPairs(aligned.instruments, aligned.closes, {
          price: request.query.price ?? 'raw',
          sort: request.query.sort as ScanSort,
        });
        if (format === 'csv' || format === 'parquet')
          return sendTable(reply, parquet, format, `scan_${timeframe}`, SCAN_COLUMNS, pairs);
        return {
          timeframe,
          lookback,
          instruments: aligned.instruments,
          missing: aligned.missing,
          start: aligned.starts[0] ?? null,
          end: aligned.starts[aligned.starts.length - 1] ?? null,
          pairs,
        };
      },
    );
  };
