// The daily sync's part of the health document: the schedule and a short account of the newest
// finished run (the full runs are at GET /api/v1/sync).
import type { Static } from 'typebox';
import type { SyncStatus } from '../ingest/sync/daily-sync.js';
import type { SyncHealthSchema } from './schemas.js';

export function syncHealth(status: SyncStatus): Static<typeof SyncHealthSchema> {
  const last = status.runs.find((run) => run.finishedAt !== null);
  return {
    schedule: status.schedule,
    nextRunAt: status.nextRunAt,
    running: status.running,
    lastRun:
      last === undefined || last.finishedAt === null
        ? null
        : {
            id: last.id,
            trigger: last.trigger,
            startedAt: last.startedAt,
            finishedAt: last.finishedAt,
            barsWritten: last.barsWritten,
            emptyRanges: last.emptyRanges,
            errors: last.errors.length,
            firstError:
              last.errors.length === 0
                ? null
                : `${last.errors[0].instrument} ${last.errors[0].timeframe}: ${last.errors[0].message}`,
          },
  };
}
