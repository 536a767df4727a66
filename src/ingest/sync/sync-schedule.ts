// When the daily sync runs: a cron expression read in UTC (croner computes the next run) and a
// scheduler that calls back at an epoch-ms time. The scheduler is a port so that tests fire runs
// by hand on their own clock instead of sleeping on the wall clock.
import { Cron } from 'croner';

/** Daily at 00:05 UTC: five minutes for the exchange to settle the day's last bars. */
export const DEFAULT_SYNC_CRON = '5 0 * * *';

/** Calls `run` at `time` (epoch ms); the returned function cancels it. */
export interface SyncScheduler {
  at(time: number, run: () => void): () => void;
}

export class SyncCronError extends Error {
  override name = 'SyncCronError';
}

/** A checked cron expression, read in UTC. */
export class SyncCron {
  private readonly cron: Cron;

  constructor(readonly expression: string) {
    try {
      this.cron = new Cron(expression, { timezone: 'UTC', paused: true });
    } catch (error) {
      throw new SyncCronError(
        `sync cron must be a cron expression such as "${DEFAULT_SYNC_CRON}" (minute hour day-of-month month ` +
          `day-of-week, UTC), got ${JSON.stringify(expression)}: ${(error as Error).message}`,
      );
    }
    if (this.cron.nextRun(new Date(0)) === null)
      throw new SyncCronError(`sync cron ${JSON.stringify(expression)} never fires`);
  }

  /** The first run strictly after `after` (epoch ms), or null when there is none. */
  nextRunAfter(after: number): number | null {
    return this.cron.nextRun(new Date(after))?.getTime() ?? null;
  }
}

/** setTimeout's longest delay; longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real scheduler, on Node's timers (unref'd: a pending sync never keeps a process alive). */
export function timerScheduler(now: () => number = Date.now): SyncScheduler {
  return {
    at(time, run) {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        const delay = time - now();
        timer = delay > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(run, Math.max(0, delay));
        timer.unref();
      };
      arm();
      return () => clearTimeout(timer);
    },
  };
}
