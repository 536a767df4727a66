// The health document: served at /api/v1/health and pushed on the `status` WebSocket channel.
import type { Static } from 'typebox';
import type { SourceStatusSnapshot } from '../ingest/source-status.js';
import type { ServerContext } from './context.js';
import type { HealthSchema } from './schemas.js';

export function buildHealth(ctx: ServerContext): Static<typeof HealthSchema> {
  const sourceCounters = ctx.source?.counters();
  const ingest = ctx.pipeline.counters.snapshot();
  return {
    status: 'ok' as const,
    uptimeSec: Math.round((Date.now() - ctx.startedAt) / 100) / 10,
    startedAt: ctx.startedAt,
    source: { kind: ctx.sourceKind, simulated: ctx.simulated, ...sourceStatus(ctx) },
    ingest: {
      ...ingest,
      messages: Math.max(ingest.messages, sourceCounters?.messages ?? 0),
      errors: ingest.errors + (sourceCounters?.errors ?? 0),
    },
    store: ctx.store.stats(),
    streams: ctx.source?.streams() ?? [],
    gaps: ctx.gaps?.summary() ?? { detected: 0, filled: 0, open: 0, missingTrades: 0 },
  };
}

function sourceStatus(ctx: ServerContext): SourceStatusSnapshot {
  if (ctx.sourceStatus) return ctx.sourceStatus.snapshot();
  const state = ctx.source === null ? 'none' : ctx.simulated ? 'simulated' : 'live';
  return { state, since: ctx.startedAt, fallbackInMs: null, history: null };
}
