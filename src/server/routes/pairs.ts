// Pairs: the live pair configuration (GET/POST/DELETE /pairs), a pair's analytics series with its
// heavy tests (from the live engine when it holds the answer, otherwise recomputed from stored
// bars by the same code), and the OLS vs robust hedge regression comparison.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PairConflictError } from '../../analytics/live/pair-registry.js';
import type { LivePair } from '../../analytics/pair/live-pair.js';
import { compareHedges } from '../../analytics/pair/hedge-comparison.js';
import type { PairPoint } from '../../analytics/pair/pair-engine.js';
import { computePairSeries, readPairInputs } from '../../analytics/pair/pair-series.js';
import type { PairTests } from '../../analytics/pair/pair-tests.js';
import { DEFAULT_PAIR_PARAMS, PAIR_LIMITS, pairId, sameParams, type PairConfig } from '../../analytics/params.js';
import { referenceLog } from '../../stats/returns/reference-log.js';
import type { Timeframe } from '../../domain/index.js';
import type { ServerContext } from '../context.js';
import { ApiError, badRequest, notEnoughData, notFound } from '../errors.js';
import { TzParam } from '../export/export-params.js';
import { notTradingWarning } from '../instrument-meta-view.js';
import { requireTimeZone } from '../export/local-time.js';
import { sendTable, type Column, type ParquetWriter } from '../export/table-export.js';
import { ErrorSchema, InstrumentParam } from '../schemas.js';
import {
  FormatEnum,
  HedgeRegressionSchema,
  LivePairRequestSchema,
  LivePairSchema,
  PairAnalyticsSchema,
  PairParamsQuery,
  RangeQuery,
  TimeframeSchema,
} from './analytics-schemas.js';
import {
  analyticsUnavailable,
  checkRange,
  pairParamsFrom,
  paramError,
  resolveKnownPairLegs,
} from './analytics-input.js';

/** Theil-Sen refits lookback² slopes per point: keep recomputed series short. */
const MAX_THEIL_SEN_SERIES = 2_000;

const PAIR_COLUMNS: Column<PairPoint>[] = [
  { name: 'start', kind: 'bigint', value: (p) => p.start },
  { name: 'x', kind: 'double', value: (p) => p.x },
  { name: 'y', kind: 'double', value: (p) => p.y },
  { name: 'carriedX', kind: 'boolean', value: (p) => p.carriedX },
  { name: 'carriedY', kind: 'boolean', value: (p) => p.carriedY },
  { name: 'hedgeRatio', kind: 'double', value: (p) => p.hedgeRatio },
  { name: 'intercept', kind: 'double', value: (p) => p.intercept },
  { name: 'spread', kind: 'double', value: (p) => p.spread },
  { name: 'zscore', kind: 'double', value: (p) => p.zscore },
  { name: 'correlation', kind: 'double', value: (p) => p.correlation },
  { name: 'signal', kind: 'text', value: (p) => p.signal },
];

function testsFields(tests: PairTests | null) {
  return {
    adf: tests?.adf ?? null,
    engleGranger: tests?.engleGranger ?? null,
    halfLife: tests?.halfLife ?? null,
    testsStart: tests?.start ?? null,
    testErrors: tests?.errors ?? [],
  };
}

function describeLivePair(pair: LivePair) {
  const { x, y, timeframe, params } = pair.config;
  return {
    id: pair.id,
    x,
    y,
    timeframe,
    params,
    channel: `pair:${pair.id}`,
    warming: pair.isWarming,
    latest: pair.latest,
    tests: pair.latestTests === null ? null : { ...pair.latestTests, ...testsFields(pair.latestTests) },
  };
}

export const pairRoutes =
  (ctx: ServerContext, parquet: ParquetWriter): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/pairs',
      {
        schema: {
          summary: 'Live pairs with their latest values and tests',
          tags: ['pairs'],
          response: { 200: Type.Array(LivePairSchema) },
        },
      },
      async () => {
        if (!ctx.analytics) throw analyticsUnavailable();
        return ctx.analytics.livePairs().map(describeLivePair);
      },
    );

    app.post(
      '/pairs',
      {
        schema: {
          summary: 'Start a live pair (saved, and restored at the next start)',
          description: 'The same pair with the same parameters again returns it with 200; with other parameters, 409.',
          tags: ['pairs'],
          body: LivePairRequestSchema,
          response: {
            200: LivePairSchema,
            201: LivePairSchema,
            400: ErrorSchema,
            404: ErrorSchema,
            409: ErrorSchema,
            503: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        if (!ctx.analytics) throw analyticsUnavailable();
        const { x: rawX, y: rawY, timeframe, ...params } = request.body;
        const { x, y } = await resolveKnownPairLegs(ctx, rawX, rawY);
        try {
          const { config, created } = await ctx.analytics.registry.add({
            x,
            y,
            timeframe: timeframe as Timeframe,
            params: pairParamsFrom(params),
          });
          const warning = await notTradingWarning(ctx.store, [x, y]);
          if (warning !== undefined) reply.header('warning', warning);
          return reply.status(created ? 201 : 200).send(describeLivePair(ctx.analytics.pairById(pairId(config))!));
        } catch (error) {
          if (error instanceof PairConflictError)
            throw new ApiError(409, 'conflict', error.message, { id: error.id, params: error.existing });
          throw paramError(error);
        }
      },
    );

    app.delete(
      '/pairs/:id',
      {
        schema: {
          summary: 'Stop a live pair',
          tags: ['pairs'],
          params: Type.Object({
            id: Type.String({
              minLength: 3,
              maxLength: 200,
              description: 'pair id `<x>/<y>:<timeframe>`, URL-encoded',
            }),
          }),
          response: { 204: Type.Null(), 404: ErrorSchema, 503: ErrorSchema },
        },
      },
      async (request, reply) => {
        if (!ctx.analytics) throw analyticsUnavailable();
        const { id } = request.params;
        if (!(await ctx.analytics.registry.remove(id))) {
          throw notFound(`no live pair "${id}"`, {
            field: 'id',
            value: id,
            allowed: ctx.analytics.registry.list().map(pairId),
          });
        }
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/pairs/analytics',
      {
        schema: {
          summary:
            'Pair series: hedge ratio, spread, z-score, correlation, signal; ADF / Engle-Granger / half-life on ' +
            'the latest point',
          description:
            'From the live pair when one runs with these parameters and holds the range, else recomputed from ' +
            'stored bars. The open bars are excluded from `series`; `includeOpen=true` adds their provisional ' +
            'point as `provisional`. `format=csv|parquet` downloads the series; `tz` adds a local-time column.',
          tags: ['pairs'],
          querystring: Type.Object({
            x: InstrumentParam,
            y: InstrumentParam,
            timeframe: TimeframeSchema,
            ...PairParamsQuery,
            ...RangeQuery,
            includeOpen: Type.Boolean({ default: false }),
            format: FormatEnum,
            tz: Type.Optional(TzParam),
          }),
          response: { 200: PairAnalyticsSchema, 400: ErrorSchema, 404: ErrorSchema },
        },
      },
      async (request, reply) => {
        const {
          timeframe: rawTimeframe,
          from,
          to,
          limit,
          includeOpen,
          format,
          tz: rawTz,
          x: rawX,
          y: rawY,
          ...paramQuery
        } = request.query;
        const timeframe = rawTimeframe as Timeframe;
        checkRange(from, to);
        const tz = requireTimeZone(rawTz);
        const { x, y } = await resolveKnownPairLegs(ctx, rawX, rawY);
        const params = pairParamsFrom(paramQuery);
        if (params.hedge === 'theil-sen' && limit > MAX_THEIL_SEN_SERIES) {
          throw badRequest(`limit ${limit} is too long for hedge=theil-sen`, {
            field: 'limit',
            value: limit,
            allowed: `at most ${MAX_THEIL_SEN_SERIES} with hedge=theil-sen`,
          });
        }
        const config: PairConfig = { x, y, timeframe, params };
        const live = ctx.analytics?.pair(config);
        const liveMatch =
          live !== undefined && !live.isWarming && sameParams(live.config.params, params) && !includeOpen;
        const fromLive =
          liveMatch && (to === undefined || (live.latest !== null && to > live.latest.start))
            ? live.series({ from, to, limit })
            : null;

        // Typed by its two assignments (live or recomputed), which the reply schema checks.
        // biome-ignore lint/suspicious/noImplicitAnyLet: typed by its assignments
        let body;
        if (fromLive !== null) {
          const last = fromLive.length > 0 ? fromLive[fromLive.length - 1] : null;
          const tests = last !== null && last.start === live!.latest?.start ? live!.currentTests() : null;
          body = {
            series: fromLive,
            latest: last === null ? null : { ...last, ...testsFields(tests) },
            carried: { x: fromLive.filter((p) => p.carriedX).length, y: fromLive.filter((p) => p.carriedY).length },
            provisional: null,
          };
        } else {
          const open = includeOpen
            ? { x: ctx.pipeline.openBar(x, timeframe), y: ctx.pipeline.openBar(y, timeframe) }
            : undefined;
          const computed = await computePairSeries(ctx.store, config, { from, to, limit }, open);
          body = {
            ...computed,
            latest: computed.latest === null ? null : { ...computed.latest, ...testsFields(computed.latest.tests) },
          };
        }
        if (format === 'csv' || format === 'parquet') {
          return sendTable(reply, parquet, format, `pair_${x}_${y}_${timeframe}`, PAIR_COLUMNS, body.series, {
            tz,
            epochColumn: 'start',
          });
        }
        return { x, y, timeframe, params, live: fromLive !== null, ...body };
      },
    );

    app.get(
      '/pairs/regression',
      {
        schema: {
          summary:
            'Hedge regression of y on [1, x] over the last lookback aligned closes: OLS vs Theil-Sen vs Siegel ' +
            'vs Kalman',
          tags: ['pairs'],
          querystring: Type.Object({
            x: InstrumentParam,
            y: InstrumentParam,
            timeframe: TimeframeSchema,
            lookback: Type.Integer({
              minimum: PAIR_LIMITS.lookback.min,
              maximum: 5_000,
              default: DEFAULT_PAIR_PARAMS.lookback,
            }),
            price: PairParamsQuery.price,
            confidence: Type.Number({
              exclusiveMinimum: 0,
              exclusiveMaximum: 1,
              default: 0.95,
              description: 'level of the confidence intervals',
            }),
          }),
          response: { 200: HedgeRegressionSchema, 400: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
        },
      },
      async (request) => {
        const { lookback, confidence } = request.query;
        const timeframe = request.query.timeframe as Timeframe;
        const price = request.query.price ?? 'raw';
        const { x, y } = await resolveKnownPairLegs(ctx, request.query.x, request.query.y);
        await ctx.store.flush();
        const params = { ...DEFAULT_PAIR_PARAMS, lookback, window: 2, price };
        const inputs = (await readPairInputs(ctx.store, { x, y, timeframe, params }, { limit: lookback })).slice(
          -lookback,
        );
        if (inputs.length < lookback) {
          throw notEnoughData(
            `only ${inputs.length} aligned closes of ${x} and ${y} on ${timeframe} are stored; lookback asks for ` +
              `${lookback}`,
            {
              field: 'lookback',
              value: lookback,
              have: inputs.length,
              need: lookback,
              allowed:
                inputs.length >= PAIR_LIMITS.lookback.min
                  ? `at most ${inputs.length} with the stored bars`
                  : 'wait for more bars',
            },
          );
        }
        const transform = price === 'log' ? referenceLog : (v: number) => v;
        try {
          const result = compareHedges(
            Float64Array.from(inputs, (p) => transform(p.x)),
            Float64Array.from(inputs, (p) => transform(p.y)),
            confidence,
          );
          return {
            x,
            y,
            timeframe,
            lookback,
            price,
            start: inputs[0].start,
            end: inputs[inputs.length - 1].start,
            ...result,
          };
        } catch (error) {
          throw badRequest(`the hedge regression cannot be fitted: ${(error as Error).message}`, {
            field: 'x',
            value: x,
          });
        }
      },
    );
  };
