// The wire format of the daily sync: GET/POST /api/v1/sync (routes/sync.ts). The health
// document's `sync` object is in schemas.ts, with the rest of the health document.
import { Type } from 'typebox';
import { TimeframeSchema } from './schemas.js';

export const SyncErrorSchema = Type.Object({
  instrument: Type.String(),
  timeframe: TimeframeSchema,
  message: Type.String(),
});

export const SyncRunSchema = Type.Object({
  id: Type.Integer({ description: 'increasing run number' }),
  startedAt: Type.Number({ description: 'epoch ms' }),
  finishedAt: Type.Union([Type.Number(), Type.Null()], { description: 'epoch ms; null while the run goes on' }),
  trigger: Type.Union([Type.Literal('start'), Type.Literal('schedule'), Type.Literal('manual')]),
  instruments: Type.Integer({ description: 'watched instruments synced' }),
  barsWritten: Type.Integer({ description: 'bars of missing buckets written' }),
  rangesRequested: Type.Integer({ description: 'missing bucket ranges asked for from the exchange' }),
  emptyRanges: Type.Integer({
    description: 'ranges the exchange has no klines for, recorded so that they are not asked for again',
  }),
  requests: Type.Integer({ description: 'kline requests sent' }),
  errors: Type.Array(SyncErrorSchema, { description: 'one per instrument and timeframe that failed' }),
});

export const SyncStatusSchema = Type.Object({
  schedule: Type.Union([Type.String(), Type.Null()], {
    description: 'cron expression, read in UTC; null when scheduled runs are off (--no-sync)',
  }),
  nextRunAt: Type.Union([Type.Number(), Type.Null()], { description: 'epoch ms of the next scheduled run' }),
  running: Type.Boolean(),
  runs: Type.Array(SyncRunSchema, { description: 'newest first (at most 50); a run going on comes first' }),
});
