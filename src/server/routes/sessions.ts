// GET /sessions (rows, skipped sessions, the open session and the report; CSV/Parquet of the rows),
// GET /sessions/report (the report, optionally for some weekdays) and GET /sessions/profiles.
// Answered from the rows the SessionKeeper stores when they are current (the report of the usual
// ranges, `last=all|30|90|365`, from its cache with an ETag), otherwise computed from the stored 1m bars.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  buildSessionReport,
  CACHED_RANGES,
  type CachedRange,
  loadSessionStatistics,
  loadStoredSessionStatistics,
  MAX_SESSION_RANGE_DAYS,
  SESSION_DEFINITIONS_VERSION,
  SessionBarsError,
  SessionDefinitionError,
  SessionProfileChangeError,
  SessionProfiles,
  type SessionProfile,
  type SessionReport,
  SessionRangeError,
  type SessionStatistics,
} from '../../analytics/sessions/index.js';
import type { ServerContext } from '../context.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { ParquetWriter, sendTable } from '../export/table-export.js';
import { ErrorSchema, InstrumentParam } from '../schemas.js';
import { TimeParam } from '../time-param.js';
import { FormatEnum } from './analytics-schemas.js';
import { SESSION_COLUMNS } from './session-columns.js';
import { resolveKnownField } from './analytics-input.js';
import {
  SessionProfileInputSchema,
  SessionProfileSchema,
  SessionReportResponseSchema,
  SessionStatisticsSchema,
} from './sessions-schemas.js';

export const SESSIONS_TAG = { name: 'sessions', description: 'session statistics: Initial Balance, breaks, timing' };

const SessionQuery = {
  instrument: InstrumentParam,
  profile: Type.String({
    minLength: 1,
    maxLength: 32,
    default: 'utc',
    description: 'a name of GET /sessions/profiles',
  }),
  from: Type.Optional(TimeParam('sessions starting at or after; default a year before `to`')),
  to: Type.Optional(TimeParam('sessions starting before; default now, with the open session as provisional')),
};

function profileError(error: unknown): unknown {
  if (error instanceof SessionDefinitionError) {
    return badRequest(error.message, { field: error.field, value: error.value });
  }
  if (error instanceof SessionProfileChangeError) {
    return error.reason === 'unknown'
      ? notFound(error.message, { profile: error.profile })
      : new ApiError(409, 'conflict', error.message, { profile: error.profile });
  }
  return error;
}

export const sessionRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const profiles = ctx.sessionProfiles ?? new SessionProfiles();
    await profiles.load(ctx.store);
    const parquet = new ParquetWriter();
    app.addHook('onClose', async () => parquet.close());

    function profileNamed(name: string): SessionProfile {
      const profile = profiles.get(name);
      if (!profile) {
        throw badRequest(`profile must be one of ${profiles.names().join(', ')}, got "${name}"`, {
          field: 'profile',
          value: name,
          allowed: profiles.names(),
        });
      }
      return profile;
    }

    async function statistics(
      query: { instrument: string; profile: string; from?: number; to?: number },
      weekdays?: number[],
    ): Promise<{ instrument: string; profile: SessionProfile; stats: SessionStatistics }> {
      const profile = profileNamed(query.profile);
      const instrument = await resolveKnownField(ctx, query.instrument, 'instrument');
      try {
        const sessionQuery = {
          instrument,
          definition: profile,
          from: query.from,
          to: query.to,
          asOf: Date.now(),
          weekdays,
        };
        const openBar = ctx.pipeline.openBar(instrument, '1m');
        const stats = ctx.sessions?.isCurrent(instrument, profile.name)
          ? await loadStoredSessionStatistics(ctx.store, profile.name, sessionQuery, openBar)
          : await loadSessionStatistics(ctx.store, sessionQuery, openBar);
        return { instrument, profile, stats };
      } catch (error) {
        if (error instanceof SessionRangeError)
          throw badRequest(error.message, { field: error.field, value: error.value });
        if (error instanceof SessionBarsError)
          throw badRequest(error.message, { field: 'instrument', value: instrument });
        throw error;
      }
    }

    /** The report of the last sessions: from the keeper's cache when current, else computed from the bars. */
    async function lastSessionsReport(
      instrument: string,
      profile: SessionProfile,
      range: CachedRange,
      weekdays: number[],
    ): Promise<{ etag: string; from: number; to: number; report: SessionReport }> {
      const keeper = ctx.sessions;
      const allDays = weekdays.length === 7;
      if (keeper?.isCurrent(instrument, profile.name)) {
        const cached = allDays
          ? keeper.cache.get(instrument, profile.name, range)
          : keeper.cache.filtered(instrument, profile.name, range, weekdays, profile.extensionLevels);
        if (cached) return cached;
      }
      const now = Date.now();
      const { stats } = await statistics({
        instrument,
        profile: profile.name,
        from: now - MAX_SESSION_RANGE_DAYS * 86_400_000 + 1,
        to: now,
      });
      const rows = range === 'all' ? stats.sessions : stats.sessions.slice(-Number(range));
      const counted = allDays ? rows : rows.filter((row) => weekdays.includes(row.weekday));
      const report = buildSessionReport(counted, profile.extensionLevels);
      const etag = `"sessions-computed-${createHash('sha1').update(JSON.stringify(report)).digest('base64url')}"`;
      return { etag, from: rows[0]?.start ?? 0, to: rows.at(-1)?.end ?? 0, report };
    }

    app.get(
      '/sessions/profiles',
      {
        schema: {
          summary: 'Session profiles: time zone, session start, Initial Balance length, coverage, extension levels',
          tags: ['sessions'],
          response: { 200: Type.Array(SessionProfileSchema) },
        },
      },
      async () => profiles.list(),
    );

    app.post(
      '/sessions/profiles',
      {
        schema: {
          summary: 'Create or replace a session profile (stored: it is there after a restart)',
          description: 'Built-in profiles and those of the configuration file cannot be replaced (409).',
          tags: ['sessions'],
          body: SessionProfileInputSchema,
          response: { 201: SessionProfileSchema, 400: ErrorSchema, 409: ErrorSchema },
        },
      },
      async (request, reply) => {
        try {
          const saved = await profiles.save(request.body, ctx.store);
          await ctx.sessions?.profileChanged(saved.name);
          return reply.status(201).send(saved);
        } catch (error) {
          throw profileError(error);
        }
      },
    );

    app.delete(
      '/sessions/profiles/:name',
      {
        schema: {
          summary: 'Delete a session profile created over the API',
          tags: ['sessions'],
          params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 32 }) }),
          response: { 200: SessionProfileSchema, 404: ErrorSchema, 409: ErrorSchema },
        },
      },
      async (request) => {
        try {
          const removed = await profiles.remove(request.params.name, ctx.store);
          await ctx.sessions?.profileRemoved(removed.name);
          return removed;
        } catch (error) {
          throw profileError(error);
        }
      },
    );

    app.get(
      '/sessions',
      {
        schema: {
          summary: 'Per-session rows (Initial Balance, breaks, extensions, timing) and their report',
          description:
            'Sessions of the profile starting in [from, to), from the stored 1m bars. Sessions without enough ' +
            'bars are listed in `skipped` with the reason; the session still open is `provisional`. ' +
            '`format=csv|parquet` downloads the rows.',
          tags: ['sessions'],
          querystring: Type.Object({ ...SessionQuery, format: FormatEnum }),
          response: { 200: SessionStatisticsSchema, 400: ErrorSchema, 404: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { instrument, profile, stats } = await statistics(request.query);
        const format = request.query.format;
        if (format === 'csv' || format === 'parquet') {
          return sendTable(
            reply,
            parquet,
            format,
            `sessions_${instrument}_${profile.name}`,
            SESSION_COLUMNS,
            stats.sessions,
          );
        }
        return {
          instrument,
          profile,
          definitionsVersion: SESSION_DEFINITIONS_VERSION,
          from: stats.from,
          to: stats.to,
          sessions: stats.sessions,
          skipped: stats.skipped,
          provisional: stats.provisional,
          report: stats.report,
        };
      },
    );

    app.get(
      '/sessions/report',
      {
        schema: {
          summary: 'The session report: break probabilities, false breaks, extension hit rates, hour histograms',
          tags: ['sessions'],
          querystring: Type.Object({
            ...SessionQuery,
            last: Type.Optional(
              Type.Enum([...CACHED_RANGES], {
                description:
                  'instead of from/to: all stored sessions or the last 30, 90 or 365 ' +
                  '(answered from memory, with an ETag)',
              }),
            ),
            weekday: Type.Optional(
              Type.String({
                pattern: '^[1-7](,[1-7])*$',
                description: 'ISO weekdays counted, e.g. 1,2,3 (1 = Monday); default all',
              }),
            ),
          }),
          response: {
            200: SessionReportResponseSchema,
            304: Type.Null({ description: 'If-None-Match matched the ETag of `last`: the report has not changed' }),
            400: ErrorSchema,
            404: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const weekdays = request.query.weekday
          ? [...new Set(request.query.weekday.split(',').map(Number))].sort()
          : [1, 2, 3, 4, 5, 6, 7];
        const last = request.query.last;
        if (last !== undefined) {
          if (request.query.from !== undefined || request.query.to !== undefined) {
            throw badRequest(`last (${last}) cannot be combined with from or to; give one or the other`, {
              field: 'last',
              value: last,
            });
          }
          const profile = profileNamed(request.query.profile);
          const instrument = await resolveKnownField(ctx, request.query.instrument, 'instrument');
          const cached = await lastSessionsReport(instrument, profile, last, weekdays);
          void reply.header('etag', cached.etag).header('cache-control', 'no-cache');
          if (request.headers['if-none-match'] === cached.etag)
            return reply
              .status(304)
              .serializer(() => '')
              .send(null);
          return {
            instrument,
            profile,
            definitionsVersion: ctx.sessions?.definitionsVersion ?? SESSION_DEFINITIONS_VERSION,
            from: cached.from,
            to: cached.to,
            weekdays,
            report: cached.report,
          };
        }
        const { instrument, profile, stats } = await statistics(request.query, weekdays);
        return {
          instrument,
          profile,
          definitionsVersion: SESSION_DEFINITIONS_VERSION,
          from: stats.from,
          to: stats.to,
          weekdays,
          report: stats.report,
        };
      },
    );
  };
