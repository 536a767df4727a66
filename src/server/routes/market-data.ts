// Instruments, ticks and bars. Bars merge the stored (closed) bars with those in memory (bar-merge.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  InvalidInstrumentError,
  normalizeInstrumentId,
  parseInstrumentId,
  type Timeframe,
} from '../../domain/index.js';
import { mergeStoredAndLiveBars } from '../bar-merge.js';
import { LastTrades, type ServerContext } from '../context.js';
import { InstrumentMetaView } from '../instrument-meta-view.js';
import { badRequest } from '../errors.js';
import { ExportFormatParam, TzParam } from '../export/export-params.js';
import { requireTimeZone } from '../export/local-time.js';
import { sendStoredTable } from '../export/stored-download.js';
import { requireKnownInstruments } from '../known-instruments.js';
import { BarSchema, ErrorSchema, InstrumentParam, InstrumentSchema, TickSchema, TimeframeSchema } from '../schemas.js';
import { TimeParam } from '../time-param.js';

const MAX_TICKS = 100_000;
const MAX_BARS = 100_000;

/** A known instrument's id from the `instrument` field; 404 `unknown_instrument` for any other. */
export async function resolveKnownInstrument(ctx: ServerContext, raw: string): Promise<string> {
  const id = resolveInstrument(ctx, raw);
  await requireKnownInstruments(ctx, [{ field: 'instrument', value: raw, id }]);
  return id;
}

export function resolveInstrument(ctx: ServerContext, raw: string): string {
  try {
    return normalizeInstrumentId(raw, ctx.defaultVenue);
  } catch (error) {
    if (error instanceof InvalidInstrumentError) throw badRequest(error.message, { field: 'instrument', value: raw });
    throw error;
  }
}

function checkRange(from: number | undefined, to: number | undefined): void {
  if (from !== undefined && to !== undefined && from >= to) {
    throw badRequest(`"from" (${from}) must be before "to" (${to})`, { field: 'from', from, to });
  }
}

export const marketDataRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const lastTrades = new LastTrades(ctx.bus);
    const metaView = new InstrumentMetaView(ctx.store);

    app.get(
      '/instruments',
      {
        schema: {
          summary: 'Instruments that are live or have stored data',
          tags: ['market data'],
          response: { 200: Type.Array(InstrumentSchema) },
        },
      },
      async () => {
        const live = new Set(ctx.source?.instruments() ?? []);
        const stored = await ctx.store.instruments();
        const ids = [...new Set([...live, ...stored.map((s) => s.id)])].sort();
        const metas = await metaView.fieldsOf(ids);
        return ids.map((id) => {
          const { venue, symbol } = parseInstrumentId(id);
          const row = stored.find((s) => s.id === id);
          const last = lastTrades.get(id);
          return {
            id,
            venue,
            symbol,
            live: live.has(id),
            lastPrice: last?.price ?? null,
            lastTs: last?.ts ?? row?.lastTs ?? null,
            storedTicks: row?.ticks ?? 0,
            ...metas.get(id)!,
          };
        });
      },
    );

    app.get(
      '/ticks',
      {
        schema: {
          summary: 'Trades of one instrument, ascending; `from` inclusive, `to` exclusive',
          description:
            'JSON gives the first `limit` trades of the range. `format=csv|parquet` downloads every stored trade of ' +
            'the range (no limit), streamed from the store; `tz` adds a local-time column.',
          tags: ['market data'],
          querystring: Type.Object({
            instrument: InstrumentParam,
            from: Type.Optional(TimeParam('inclusive lower bound on trade time')),
            to: Type.Optional(TimeParam('exclusive upper bound on trade time')),
            limit: Type.Integer({ minimum: 1, maximum: MAX_TICKS, default: 1000, description: 'JSON only' }),
            format: ExportFormatParam,
            tz: Type.Optional(TzParam),
          }),
          response: { 200: Type.Array(TickSchema), 400: ErrorSchema, 404: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { from, to, limit, format } = request.query;
        checkRange(from, to);
        const tz = requireTimeZone(request.query.tz);
        const instrument = await resolveKnownInstrument(ctx, request.query.instrument);
        if (format === 'csv' || format === 'parquet')
          return sendStoredTable(reply, ctx.store, { table: 'ticks', instrument, from, to }, { format, tz });
        await ctx.store.flush();
        const ticks = await ctx.store.readTicks({ instrument, from, to, limit });
        return ticks.map(({ id, ts, price, qty, buyerMaker }) => ({ id, ts, price, qty, buyerMaker }));
      },
    );

    app.get(
      '/bars',
      {
        schema: {
          summary: 'OHLCV bars ascending by start; the open bar, if any, comes last with closed=false',
          description:
            'Without `from`, the latest `limit` bars. `from` is inclusive and `to` exclusive, on the bar start ' +
            '(epoch ms or ISO 8601). `format=csv|parquet` downloads every stored bar of the range (no limit; the ' +
            'open bar is not stored yet and not included); `tz` adds a local-time column.',
          tags: ['market data'],
          querystring: Type.Object({
            instrument: InstrumentParam,
            timeframe: TimeframeSchema,
            from: Type.Optional(TimeParam('inclusive lower bound on bar start')),
            to: Type.Optional(TimeParam('exclusive upper bound on bar start')),
            limit: Type.Integer({ minimum: 1, maximum: MAX_BARS, default: 1000, description: 'JSON only' }),
            format: ExportFormatParam,
            tz: Type.Optional(TzParam),
          }),
          response: { 200: Type.Array(BarSchema), 400: ErrorSchema, 404: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { from, to, limit, format } = request.query;
        const timeframe = request.query.timeframe as Timeframe;
        checkRange(from, to);
        const tz = requireTimeZone(request.query.tz);
        const instrument = await resolveKnownInstrument(ctx, request.query.instrument);
        if (format === 'csv' || format === 'parquet')
          return sendStoredTable(reply, ctx.store, { table: 'bars', instrument, timeframe, from, to }, { format, tz });
        // Taken before the read: a bar that closes meanwhile is served as it was while open.
        const live = {
          open: ctx.pipeline.openBar(instrument, timeframe),
          recentClosed: ctx.pipeline.recentClosedBars(instrument, timeframe),
        };
        const stored = await ctx.store.readBars({ instrument, timeframe, from, to, limit });
        return mergeStoredAndLiveBars(stored, live, { from, to, limit });
      },
    );
  };
