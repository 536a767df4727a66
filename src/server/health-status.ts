// Derives the health status from the counters the store, the ingest pipeline, the source, the gap
// ledger and the webhook notifier expose: `failing` when data is being lost or cannot be stored,
// `degraded` when it arrives or is written late or incompletely, `ok` otherwise, with one reason
// per cause. Pure (the clock is an input), so every threshold is tested without waiting. Issue
// #15: a full disk and an exchange that stopped sending were both reported "ok" before.

export type HealthStatus = 'ok' | 'degraded' | 'failing';
export type ReasonSeverity = Exclude<HealthStatus, 'ok'>;

export interface HealthReason {
  code: string;
  severity: ReasonSeverity;
  message: string;
  /** Epoch ms the condition began, where known. */
  since?: number;
  details?: Record<string, unknown>;
}

export interface HealthThresholds {
  /** Oldest unwritten row older than this: the store is behind (normal flushes take ~250 ms). */
  storeLagMs: number;
  /** Share of maxPendingRows waiting to be written above which the store is behind. */
  storePendingShare: number;
  /** A stream is silent after this many of its observed mean gaps between messages… */
  silenceGaps: number;
  /** …but never before this… */
  minSilenceMs: number;
  /** …and always after this (also the limit before a stream's pace is known). */
  maxSilenceMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  storeLagMs: 5_000,
  storePendingShare: 0.5,
  silenceGaps: 10,
  // Binance sends BTCUSDT trades many times a second: a 6 s stall must show (issue #15).
  minSilenceMs: 3_000,
  maxSilenceMs: 120_000,
};

export interface HealthInputs {
  now: number;
  store: {
    pendingTicks: number;
    pendingBars: number;
    maxPendingRows: number;
    oldestPendingAt: number | null;
    failedFlushes: number;
    failingSince: number | null;
    lastError: string | null;
  };
  ingest: { refusedTicks: number; pausedSince: number | null };
  /** Whether the source is meant to be streaming now (live or simulated, not connecting or none). */
  sourceStreaming: boolean;
  streams: ReadonlyArray<{
    instrument: string;
    connected: boolean;
    lastMessageAt?: number | null;
    expectedGapMs?: number | null;
  }>;
  gaps: { open: number; missingTrades: number };
  webhooks: { failingAttempts: number; failingSince: number | null; failed: number; lastError: string | null } | null;
  thresholds?: Partial<HealthThresholds>;
}

export function deriveHealth(inputs: HealthInputs): { status: HealthStatus; reasons: HealthReason[] } {
  const thresholds = { ...DEFAULT_HEALTH_THRESHOLDS, ...inputs.thresholds };
  const reasons = [
    ...storeReasons(inputs, thresholds),
    ...feedReasons(inputs, thresholds),
    ...gapReasons(inputs),
    ...webhookReasons(inputs),
  ];
  const status: HealthStatus = reasons.some((reason) => reason.severity === 'failing')
    ? 'failing'
    : reasons.length > 0
      ? 'degraded'
      : 'ok';
  return { status, reasons };
}

function storeReasons({ now, store, ingest }: HealthInputs, thresholds: HealthThresholds): HealthReason[] {
  const reasons: HealthReason[] = [];
  const pendingRows = store.pendingTicks + store.pendingBars;
  if (ingest.pausedSince !== null) {
    reasons.push({
      code: 'ingestion_paused',
      severity: 'failing',
      message:
        `the store buffer is full (${pendingRows} of ${store.maxPendingRows} rows unwritten): new trades are ` +
        `refused until the store writes again; ${ingest.refusedTicks} refused so far`,
      since: ingest.pausedSince,
      details: { pendingRows, maxPendingRows: store.maxPendingRows, refusedTicks: ingest.refusedTicks },
    });
  }
  if (store.failingSince !== null) {
    reasons.push({
      code: 'store_write_failing',
      severity: 'failing',
      message: `store writes fail (${store.failedFlushes} failed flushes in all): ${firstLine(store.lastError)}`,
      since: store.failingSince,
      details: { failedFlushes: store.failedFlushes, lastError: store.lastError },
    });
  }
  const lagMs = store.oldestPendingAt === null ? 0 : now - store.oldestPendingAt;
  const pendingLimit = Math.floor(store.maxPendingRows * thresholds.storePendingShare);
  if (lagMs > thresholds.storeLagMs || pendingRows > pendingLimit) {
    reasons.push({
      code: 'store_behind',
      severity: 'degraded',
      message:
        `the store is behind: ${pendingRows} rows unwritten, the oldest for ${Math.round(lagMs / 100) / 10} s ` +
        `(degraded above ${pendingLimit} rows or ${thresholds.storeLagMs / 1000} s)`,
      since: store.oldestPendingAt ?? undefined,
      details: { pendingRows, oldestPendingMs: lagMs },
    });
  }
  return reasons;
}

/** Longest silence a stream may have before it counts as silent. */
export function silenceLimitMs(expectedGapMs: number | null | undefined, thresholds: HealthThresholds): number {
  if (expectedGapMs === null || expectedGapMs === undefined) return thresholds.maxSilenceMs;
  const limit = expectedGapMs * thresholds.silenceGaps;
  return Math.min(thresholds.maxSilenceMs, Math.max(thresholds.minSilenceMs, limit));
}

function feedReasons({ now, streams, sourceStreaming }: HealthInputs, thresholds: HealthThresholds): HealthReason[] {
  if (!sourceStreaming || streams.length === 0) return [];
  const disconnected = streams.filter((stream) => !stream.connected).map((stream) => stream.instrument);
  const silent: Array<{ instrument: string; silentMs: number; limitMs: number; since: number }> = [];
  for (const stream of streams) {
    if (!stream.connected || stream.lastMessageAt === null || stream.lastMessageAt === undefined) continue;
    const silentMs = now - stream.lastMessageAt;
    const limitMs = silenceLimitMs(stream.expectedGapMs, thresholds);
    if (silentMs > limitMs)
      silent.push({ instrument: stream.instrument, silentMs, limitMs, since: stream.lastMessageAt });
  }
  const reasons: HealthReason[] = [];
  // No stream delivering anything means no data at all, not a thinner one.
  const allDown = disconnected.length + silent.length === streams.length;
  if (disconnected.length > 0) {
    reasons.push({
      code: 'feed_disconnected',
      severity: allDown ? 'failing' : 'degraded',
      message: `${disconnected.length} of ${streams.length} streams disconnected: ${list(disconnected)}`,
      details: { instruments: disconnected },
    });
  }
  if (silent.length > 0) {
    reasons.push({
      code: 'feed_silent',
      severity: allDown ? 'failing' : 'degraded',
      message:
        `${silent.length} of ${streams.length} streams silent longer than expected: ` +
        list(silent.map((s) => `${s.instrument} ${Math.round(s.silentMs / 1000)} s (limit ${s.limitMs / 1000} s)`)),
      since: Math.min(...silent.map((s) => s.since)),
      details: { streams: silent },
    });
  }
  return reasons;
}

function gapReasons({ gaps }: HealthInputs): HealthReason[] {
  if (gaps.open === 0) return [];
  return [
    {
      code: 'gaps_open',
      severity: 'degraded',
      message: `${gaps.open} trade-id gaps open, ${gaps.missingTrades} trades not recovered yet`,
      details: { open: gaps.open, missingTrades: gaps.missingTrades },
    },
  ];
}

function webhookReasons({ webhooks }: HealthInputs): HealthReason[] {
  if (webhooks === null || webhooks.failingAttempts === 0) return [];
  return [
    {
      code: 'webhook_failing',
      severity: 'degraded',
      message:
        `alert webhook deliveries fail (${webhooks.failingAttempts} failed attempts since the last delivery, ` +
        `${webhooks.failed} events given up in all): ${firstLine(webhooks.lastError)}`,
      since: webhooks.failingSince ?? undefined,
      details: { ...webhooks },
    },
  ];
}

function firstLine(text: string | null): string {
  return text === null ? 'unknown error' : text.split('\n', 1)[0];
}

/** The first few items, then how many more: 100 silent instruments must not make a 5 KB message. */
function list(items: readonly string[], shown = 5): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}
