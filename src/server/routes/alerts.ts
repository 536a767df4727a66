// Alert rules (create, read, edit, delete), the event history and the metric catalog the
// dashboard builds its rule form from. Live events arrive on the `alerts` WebSocket channel.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CatalogSchema,
  EventSchema,
  EventsQuerySchema,
  RuleCreateSchema,
  RulePatchSchema,
  RuleSchema,
} from '../../alerts/alert-schemas.js';
import type { AlertEngine } from '../../alerts/alert-engine.js';
import { PAIR_METRICS, SYMBOL_METRICS, type MetricDefinition } from '../../alerts/metrics.js';
import { CHANNELS, OPERATOR_DESCRIPTIONS, OPERATORS, RULE_DEFAULTS, SEVERITIES } from '../../alerts/rule.js';
import { RuleValidationError, type RuleInput } from '../../alerts/rule-validation.js';
import { TIMEFRAMES } from '../../domain/index.js';
import type { ServerContext } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { ExportFormatParam, TzParam } from '../export/export-params.js';
import { requireTimeZone } from '../export/local-time.js';
import { ALERT_EVENT_COLUMNS } from '../export/record-columns.js';
import { ParquetWriter, sendTable } from '../export/table-export.js';
import { notTradingWarning } from '../instrument-meta-view.js';
import { ErrorSchema } from '../schemas.js';
import { TimeParam } from '../time-param.js';

export const ALERTS_TAG = {
  name: 'alerts',
  description: 'alert rules, their event history and the metrics they can watch',
};

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function invalidRule(error: RuleValidationError): ApiError {
  return new ApiError(400, 'invalid_rule', error.message, [
    { field: error.field, in: 'body', message: error.message, value: error.value, allowed: error.allowed },
  ]);
}

async function validating<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RuleValidationError) throw invalidRule(error);
    throw error;
  }
}

const catalogEntry = ({ name, description, source, defaultBand }: MetricDefinition) => ({
  name,
  description,
  source,
  defaultBand,
});

export const alertRoutes =
  (ctx: ServerContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const parquet = new ParquetWriter();
    app.addHook('onClose', async () => parquet.close());
    const engine = (): AlertEngine => {
      if (!ctx.alerts) throw new ApiError(409, 'not_supported', 'alerts are not running in this process');
      return ctx.alerts;
    };
    const ruleOf = (id: string) => {
      const rule = engine().getRule(id);
      if (rule === undefined) throw notFound(`no alert rule ${id}`, { field: 'id', value: id });
      return rule;
    };

    app.get(
      '/alerts/metrics',
      {
        schema: {
          summary:
            'What a rule can watch: metrics by target kind, operators, severities, channels, live pairs and defaults',
          tags: ['alerts'],
          response: { 200: CatalogSchema },
        },
      },
      async () => ({
        metrics: { instrument: SYMBOL_METRICS.map(catalogEntry), pair: PAIR_METRICS.map(catalogEntry) },
        operators: OPERATORS.map((name) => ({ name, description: OPERATOR_DESCRIPTIONS[name] })),
        severities: [...SEVERITIES],
        channels: [...CHANNELS],
        timeframes: [...TIMEFRAMES],
        livePairs: (ctx.analytics?.livePairs() ?? []).map((p) => ({
          id: p.id,
          x: p.config.x,
          y: p.config.y,
          timeframe: p.config.timeframe,
        })),
        defaults: { ...RULE_DEFAULTS, channels: [...RULE_DEFAULTS.channels] },
        webhooks: { allowPrivateTargets: ctx.alerts?.allowPrivateWebhooks ?? false },
      }),
    );

    app.get(
      '/alerts/events',
      {
        schema: {
          summary: 'Fired alert events, newest first, with their delivery status',
          description: '`format=csv|parquet` downloads the same events as a flat table; `tz` adds a local-time column.',
          tags: ['alerts'],
          querystring: Type.Object({
            ...EventsQuerySchema.properties,
            from: Type.Optional(TimeParam('inclusive lower bound on firedAt')),
            to: Type.Optional(TimeParam('exclusive upper bound on firedAt')),
            format: ExportFormatParam,
            tz: Type.Optional(TzParam),
          }),
          response: { 200: Type.Array(EventSchema), 400: ErrorSchema },
        },
      },
      async (request, reply) => {
        const { from, to, severity, ruleId, limit, format } = request.query;
        const tz = requireTimeZone(request.query.tz);
        if (from !== undefined && to !== undefined && from >= to) {
          throw new ApiError(400, 'bad_request', `from (${from}) must be before to (${to})`, [
            { field: 'from', in: 'querystring', value: from },
          ]);
        }
        const severities = severity?.flatMap((s) => s.split(',')).filter((s) => s !== '');
        const unknown = severities?.find((s) => !(SEVERITIES as readonly string[]).includes(s));
        if (unknown !== undefined) {
          throw new ApiError(400, 'bad_request', `unknown severity "${unknown}", allowed: ${SEVERITIES.join(', ')}`, [
            { field: 'severity', in: 'querystring', value: unknown, allowed: SEVERITIES },
          ]);
        }
        const events = await engine().queryEvents({ from, to, severities, ruleId, limit });
        if (format === 'csv' || format === 'parquet')
          return sendTable(reply, parquet, format, 'alert_events', ALERT_EVENT_COLUMNS, events, {
            tz,
            epochColumn: 'firedAt',
          });
        return events;
      },
    );

    app.get(
      '/alerts/events/:id',
      {
        schema: {
          summary: 'One alert event',
          tags: ['alerts'],
          params: IdParams,
          response: { 200: EventSchema, 404: ErrorSchema },
        },
      },
      async (request) => {
        const event = await engine().getEvent(request.params.id);
        if (event === undefined)
          throw notFound(`no alert event ${request.params.id}`, { field: 'id', value: request.params.id });
        return event;
      },
    );

    app.get(
      '/alerts',
      {
        schema: {
          summary: 'Alert rules, oldest first, with status and evaluator state',
          tags: ['alerts'],
          response: { 200: Type.Array(RuleSchema) },
        },
      },
      async () => engine().listRules(),
    );

    app.post(
      '/alerts',
      {
        schema: {
          summary: 'Create an alert rule',
          description:
            'Fires when the metric of the target meets the operator and threshold on a bar close, at most once ' +
            'per cooldown, and again only after the value has moved back past threshold ∓ band (hysteresis). A ' +
            '`Warning` header says when the exchange reports a target instrument as not trading (HALT, BREAK, …).',
          tags: ['alerts'],
          body: RuleCreateSchema,
          response: { 201: RuleSchema, 400: ErrorSchema, 409: ErrorSchema },
        },
      },
      async (request, reply) => {
        const rule = await validating(() => engine().createRule(request.body as RuleInput));
        const target =
          'instrument' in rule.target ? [rule.target.instrument] : [rule.target.pair.x, rule.target.pair.y];
        const warning = await notTradingWarning(ctx.store, target);
        if (warning !== undefined) reply.header('warning', warning);
        return reply.status(201).header('location', `/api/v1/alerts/${rule.id}`).send(rule);
      },
    );

    app.get(
      '/alerts/:id',
      {
        schema: {
          summary: 'One alert rule',
          tags: ['alerts'],
          params: IdParams,
          response: { 200: RuleSchema, 404: ErrorSchema },
        },
      },
      async (request) => ruleOf(request.params.id),
    );

    app.patch(
      '/alerts/:id',
      {
        schema: {
          summary:
            'Change some fields of a rule (enable/disable, threshold, …); changing the condition resets its ' +
            'evaluator state',
          tags: ['alerts'],
          params: IdParams,
          body: RulePatchSchema,
          response: { 200: RuleSchema, 400: ErrorSchema, 404: ErrorSchema },
        },
      },
      async (request) => {
        ruleOf(request.params.id);
        const rule = await validating(() => engine().updateRule(request.params.id, request.body as RuleInput));
        if (rule === undefined)
          throw notFound(`no alert rule ${request.params.id}`, { field: 'id', value: request.params.id });
        return rule;
      },
    );

    app.delete(
      '/alerts/:id',
      {
        schema: {
          summary: 'Delete a rule (its events stay in the history)',
          tags: ['alerts'],
          params: IdParams,
          response: { 204: Type.Null({ description: 'deleted' }), 404: ErrorSchema },
        },
      },
      async (request, reply) => {
        if (!(await engine().deleteRule(request.params.id)))
          throw notFound(`no alert rule ${request.params.id}`, { field: 'id', value: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
