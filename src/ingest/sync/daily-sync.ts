// The daily sync of `tickscope start`: for every watched Binance instrument and timeframe, the
// delta sync of kline-gap-sync.ts, run once at start, then on a cron schedule (UTC), or on demand
// (POST /api/v1/sync). One run at a time; each run is logged in one line with its counts and kept
// (the newest KEEP_RUNS, in the store's settings, so the history survives a restart). Requests
// take at most half of the IP's weight budget per window, leaving the rest to live gap fills.
import type { InstrumentId, Timeframe } from '../../domain/index.js';
import type { Logger } from '../../domain/logger.js';
import { AbortedError } from '../../sources/binance/backoff.js';
import type { BinanceEndpoints } from '../../sources/binance/endpoints.js';
import { SlidingWindowLimiter } from '../../sources/binance/rate-limits.js';
import { requestWeight, type BinanceRestClient } from '../../sources/binance/rest-client.js';
import type { Store } from '../../store/store.js';
import { syncKlineGaps } from './kline-gap-sync.js';
import { timerScheduler, type SyncCron, type SyncScheduler } from './sync-schedule.js';

export type SyncTrigger = 'start' | 'schedule' | 'manual';

/** What to sync: one watched instrument, its timeframes and the REST client of its venue. */
export interface SyncTarget {
  instrument: InstrumentId;
  timeframes: readonly Timeframe[];
  client: BinanceRestClient;
}

export interface SyncError {
  instrument: InstrumentId;
  timeframe: Timeframe;
  message: string;
}

export interface SyncRun {
  id: number;
  startedAt: number;
  /** Null while the run is going on. */
  finishedAt: number | null;
  trigger: SyncTrigger;
  /** Instruments synced. */
  instruments: number;
  barsWritten: number;
  /** Missing ranges asked for. */
  rangesRequested: number;
  /** Ranges found to have no exchange data, recorded so they are not asked for again. */
  emptyRanges: number;
  requests: number;
  errors: SyncError[];
}

export interface SyncStatus {
  /** The cron expression (UTC); null when scheduled runs are off (`--no-sync`). */
  schedule: string | null;
  nextRunAt: number | null;
  running: boolean;
  /** Newest first; a run going on comes first with `finishedAt` null. */
  runs: SyncRun[];
}

export class SyncRunningError extends Error {
  constructor(readonly run: SyncRun) {
    super(
      `sync run ${run.id} (${run.trigger}) is still running; it started at ${new Date(run.startedAt).toISOString()}`,
    );
    this.name = 'SyncRunningError';
  }
}

export interface DailySyncOptions {
  store: Store;
  /** The targets at the time of a run (the watch list may change between runs). */
  targets: () => readonly SyncTarget[];
  logger: Logger;
  /** Null: no scheduled runs (runs on demand still work). */
  cron: SyncCron | null;
  now?: () => number;
  scheduler?: SyncScheduler;
  /** Default 2 minutes. */
  settleMs?: number;
  /** Default 1,000 (as the history `start` loads). */
  initialBars?: number;
  /** Share of the weight budget per window sync requests may take (default 0.5). */
  weightShare?: number;
}

export const KEEP_RUNS = 50;

/** Kline requests the sync may send per weight window: `share` of the IP's budget at the weight of a full page. */
export function syncRequestsPerWindow(endpoints: BinanceEndpoints, share: number): number {
  const weight = requestWeight(endpoints, 'klines', endpoints.pageLimits.klines);
  return Math.max(1, Math.floor((endpoints.limits.restWeightLimit * share) / weight));
}
const RUNS_KEY = 'sync:runs';

export class DailySync {
  private readonly now: () => number;
  private readonly scheduler: SyncScheduler;
  private readonly limiters = new Map<BinanceRestClient, SlidingWindowLimiter>();
  private runs: SyncRun[] = [];
  private current: { run: SyncRun; done: Promise<SyncRun> } | null = null;
  private nextRunAt: number | null = null;
  private cancelTimer: (() => void) | null = null;
  private readonly stopping = new AbortController();

  private constructor(private readonly options: DailySyncOptions) {
    this.now = options.now ?? Date.now;
    this.scheduler = options.scheduler ?? timerScheduler(this.now);
  }

  /** Reads the runs kept by earlier processes. */
  static async open(options: DailySyncOptions): Promise<DailySync> {
    const sync = new DailySync(options);
    const stored = await options.store.getSetting<SyncRun[]>(RUNS_KEY);
    // A run that was going on when its process stopped never finished: it is shown as such.
    if (Array.isArray(stored)) sync.runs = stored.slice(0, KEEP_RUNS);
    return sync;
  }

  /**
   * Runs the start sync and arms the schedule; does nothing when scheduled runs are off. The
   * promise settles with the start run (it never rejects: failures are in the run's errors).
   */
  start(): Promise<SyncRun | null> {
    if (this.options.cron === null) return Promise.resolve(null);
    const started = this.run('start').catch(() => null);
    this.arm();
    return started;
  }

  /** Starts a run now; rejects with SyncRunningError while one is going on. Resolves when it is done. */
  run(trigger: SyncTrigger): Promise<SyncRun> {
    try {
      return this.begin(trigger).done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Starts a run now and returns its record at once (it goes on; `done` settles when it ends);
   * throws SyncRunningError while another run is going on.
   */
  begin(trigger: SyncTrigger): { run: SyncRun; done: Promise<SyncRun> } {
    if (this.isRunning()) throw new SyncRunningError(this.current!.run);
    if (this.stopping.signal.aborted) throw new AbortedError('the sync is stopped');
    const run: SyncRun = {
      id: (this.runs[0]?.id ?? 0) + 1,
      startedAt: this.now(),
      finishedAt: null,
      trigger,
      instruments: 0,
      barsWritten: 0,
      rangesRequested: 0,
      emptyRanges: 0,
      requests: 0,
      errors: [],
    };
    this.runs = [run, ...this.runs].slice(0, KEEP_RUNS);
    const done = this.execute(run).finally(() => {
      if (this.current?.run === run) this.current = null;
    });
    this.current = { run, done };
    return this.current;
  }

  status(): SyncStatus {
    return {
      schedule: this.options.cron?.expression ?? null,
      nextRunAt: this.nextRunAt,
      running: this.isRunning(),
      runs: this.runs.map((run) => ({ ...run, errors: [...run.errors] })),
    };
  }

  /** A run is going on until its finish time is set (it is saved and logged after that). */
  private isRunning(): boolean {
    return this.current !== null && this.current.run.finishedAt === null;
  }

  /** Cancels the schedule and stops a run going on (between requests) before resolving. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.nextRunAt = null;
    await this.current?.done.catch(() => undefined);
  }

  private arm(): void {
    const cron = this.options.cron;
    if (cron === null || this.stopping.signal.aborted) return;
    const at = cron.nextRunAfter(this.now());
    this.nextRunAt = at;
    if (at === null) return;
    this.cancelTimer = this.scheduler.at(at, () => {
      this.cancelTimer = null;
      // A run still going on (a long start sync, a manual one) covers this slot.
      if (!this.isRunning()) void this.run('schedule').catch(() => undefined);
      this.arm();
    });
  }

  private async execute(run: SyncRun): Promise<SyncRun> {
    const { logger } = this.options;
    try {
      for (const target of this.options.targets()) {
        if (this.stopping.signal.aborted) break;
        run.instruments++;
        for (const timeframe of target.timeframes) {
          if (this.stopping.signal.aborted) break;
          await this.syncOne(run, target, timeframe);
        }
      }
    } finally {
      run.finishedAt = this.now();
      await this.options.store
        .setSetting(RUNS_KEY, this.runs)
        .catch((error: unknown) => logger.warn({ err: error }, 'sync runs could not be saved'));
    }
    const counts = {
      run: run.id,
      trigger: run.trigger,
      instruments: run.instruments,
      barsWritten: run.barsWritten,
      rangesRequested: run.rangesRequested,
      emptyRanges: run.emptyRanges,
      requests: run.requests,
      errors: run.errors.length,
      ms: run.finishedAt - run.startedAt,
    };
    const line =
      `sync run ${run.id} (${run.trigger}): ${run.barsWritten} bars written for ${run.instruments} instruments, ` +
      `${run.rangesRequested} missing ranges requested, ${run.emptyRanges} recorded as without exchange data, ` +
      `${run.errors.length} errors`;
    if (run.errors.length > 0) logger.warn({ ...counts, firstError: run.errors[0] }, line);
    else logger.info(counts, line);
    return run;
  }

  private async syncOne(run: SyncRun, target: SyncTarget, timeframe: Timeframe): Promise<void> {
    const { instrument, client } = target;
    const limiter = this.limiterFor(client);
    try {
      const result = await syncKlineGaps({
        client,
        store: this.options.store,
        instrument,
        timeframe,
        now: this.now(),
        settleMs: this.options.settleMs ?? 120_000,
        initialBars: this.options.initialBars ?? 1_000,
        beforeRequest: () => limiter.take(this.stopping.signal),
        signal: this.stopping.signal,
      });
      run.barsWritten += result.barsWritten;
      run.rangesRequested += result.rangesRequested;
      run.emptyRanges += result.emptyRanges;
      run.requests += result.requests;
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      run.errors.push({ instrument, timeframe, message: (error as Error).message ?? String(error) });
    }
  }

  private limiterFor(client: BinanceRestClient): SlidingWindowLimiter {
    let limiter = this.limiters.get(client);
    if (limiter === undefined) {
      const { endpoints } = client;
      const perWindow = syncRequestsPerWindow(endpoints, this.options.weightShare ?? 0.5);
      // Wall time, not the sync's clock: the budget is the exchange's, counted in real seconds.
      limiter = new SlidingWindowLimiter(perWindow, endpoints.limits.restWeightWindowMs);
      this.limiters.set(client, limiter);
    }
    return limiter;
  }
}
