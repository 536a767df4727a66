// The health document: served at /api/v1/health and pushed on the `status` WebSocket channel. Its
// status and reasons are derived (health-status.ts) from the counters gathered here.
import type { Static } from 'typebox';
import type { SourceStatusSnapshot } from '../ingest/source-status.js';
import type { ServerContext } from './context.js';
import { deriveHealth } from './health-status.js';
import type { HealthSchema } from './schemas.js';
import { syncHealth } from './sync-health.js';

export function buildHealth(ctx: ServerContext, now = Date.now()): Static<typeof HealthSchema> {
  const sourceCounters = ctx.source?.counters();
  const ingest = ctx.pipeline.counters.snapshot();
  const store = ctx.store.stats();
  const source = sourceStatus(ctx);
  const streams = ctx.source?.streams() ?? [];
  const gaps = ctx.gaps?.summary() ?? { detected: 0, filled: 0, open: 0, missingTrades: 0 };
  const { status, reasons } = deriveHealth({
    now,
    store,
    ingest,
    sourceStreaming: source.state === 'live' || source.state === 'simulated',
    streams,
    gaps,
    webhooks: ctx.alerts?.webhooks.stats() ?? null,
  });
  return {
    status,
    reasons,
    uptimeSec: Math.round((now - ctx.startedAt) / 100) / 10,
    startedAt: ctx.startedAt,
    source: { kind: ctx.sourceKind, simulated: ctx.simulated, ...source },
    ingest: {
      ...ingest,
      messages: Math.max(ingest.messages, sourceCounters?.messages ?? 0),
      errors: ingest.errors + (sourceCounters?.errors ?? 0),
    },
    store,
    streams,
    gaps,
    sync: ctx.sync === undefined ? null : syncHealth(ctx.sync.status()),
    ...(ctx.sessions ? { sessions: ctx.sessions.progress() } : {}),
  };
}

function sourceStatus(ctx: ServerContext): SourceStatusSnapshot {
  if (ctx.sourceStatus) return ctx.sourceStatus.snapshot();
  const state = ctx.source === null ? 'none' : ctx.simulated ? 'simulated' : 'live';
  return { state, since: ctx.startedAt, fallbackInMs: null, history: null };
}
