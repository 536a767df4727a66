// Keeps the stored session rows of every (instrument with 1m bars, profile) current, in the
// background, one job at a time: at start it recomputes the rows of an older definitions version
// (or of a profile whose definition changed) and checks every stored session's bars against their
// checksum; on each closed 1m bar it pushes the open session as provisional, appends the session
// that just closed (only that one), and recomputes a closed session whose bar was amended. Imports
// and backfills call `barsChanged`. Reports of the usual ranges are kept in a SessionReportCache.
import type { Bar, InstrumentId } from '../../domain/index.js';
import { type Logger, silentLogger } from '../../domain/logger.js';
import type { MarketFeed } from '../live/ports.js';
import { formatDay, type SessionBounds, SessionClock } from './session-clock.js';
import { SESSION_DEFINITIONS_VERSION, type SessionProfile } from './session-definition.js';
import { definitionFingerprint, endedSessions, recomputeSessions, type SessionRowStore } from './session-recompute.js';
import { SessionReportCache } from './session-report-cache.js';
import { computeSessionRows, type ProvisionalSession, type SessionRow } from './session-rows.js';

const MINUTE_MS = 60_000;
/** How often a session close is looked for when no bar arrives to show it (a quiet market). */
const CLOSE_CHECK_MS = 30_000;
/** Sessions per stale check: the store joins them with their bars in one statement. */
const CHECK_BATCH = 400;

/** What the `sessions:<instrument>:<profile>` channel carries. */
export interface SessionPush {
  instrument: InstrumentId;
  profile: string;
  provisional: boolean;
  row: SessionRow | ProvisionalSession;
}

export interface SessionKeeperProgress {
  state: 'idle' | 'working';
  /** Jobs waiting, the running one included. */
  jobs: number;
  /** The recompute under way, when one is. */
  current: { instrument: InstrumentId; profile: string; reason: Job['reason']; done: number; total: number } | null;
  /** Sessions computed again (version, definition, changed bars) since start. */
  recomputedSessions: number;
  /** Sessions computed once on their close. */
  appendedSessions: number;
  lastError: string | null;
}

interface Job {
  instrument: InstrumentId;
  profile: string;
  reason: 'version' | 'check' | 'stale' | 'close';
  /** Starts of the sessions to recompute ('stale', 'close'); all sessions for 'version', the stale ones for 'check'. */
  starts: Set<number>;
}

export interface SessionKeeperOptions {
  store: SessionRowStore;
  profiles: { list(): SessionProfile[]; get(name: string): SessionProfile | undefined };
  feed?: MarketFeed;
  logger?: Logger;
  clock?: () => number;
  /** The definitions version of this code; tests pass a bumped one. */
  definitionsVersion?: number;
}

export class SessionKeeper {
  readonly cache: SessionReportCache;
  private readonly store: SessionRowStore;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly version: number;
  private readonly jobs = new Map<string, Job>();
  private running: Promise<void> | null = null;
  private current: SessionKeeperProgress['current'] = null;
  private recomputed = 0;
  private appended = 0;
  private lastError: string | null = null;
  private readonly listeners = new Set<(push: SessionPush) => void>();
  /** Open session start per (instrument, profile), to see a session close. */
  private readonly openSessions = new Map<string, SessionBounds>();
  private readonly provisional = new Map<string, ProvisionalSession>();
  private readonly clocks = new Map<string, SessionClock>();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SessionKeeperOptions) {
    this.store = options.store;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date.now;
    this.version = options.definitionsVersion ?? SESSION_DEFINITIONS_VERSION;
    this.cache = new SessionReportCache(this.version, this.clock());
  }

  get definitionsVersion(): number {
    return this.version;
  }

  /** Queues the start-up work (version recomputes, then a check of every session) and listens to bars. */
  async start(): Promise<void> {
    const profiles = this.options.profiles.list();
    const summary = await this.store.sessionRowSummary();
    for (const entry of summary) {
      const profile = profiles.find((p) => p.name === entry.profile);
      if (!profile) continue;
      if (entry.definitionsVersion !== this.version || entry.definition !== definitionFingerprint(profile)) {
        this.logger.info(
          { instrument: entry.instrument, profile: entry.profile, from: entry.definitionsVersion, to: this.version },
          `session rows of another definitions version or definition: recomputing ${entry.sessions} sessions`,
        );
        this.enqueue({ instrument: entry.instrument, profile: entry.profile, reason: 'version', starts: new Set() });
      }
    }
    for (const { id } of await this.store.instruments()) {
      for (const profile of profiles) this.barsChanged(id, profile.name);
    }
    if (this.stopped) return;
    this.unsubscribe =
      this.options.feed?.subscribe('bar', (update) => {
        if (update.bar.timeframe === '1m' && update.closed) this.onClosedBar(update.bar);
      }) ?? null;
    this.timer = setInterval(() => this.closeEndedSessions(), CLOSE_CHECK_MS);
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.timer);
    this.jobs.clear();
    return this.running ?? Promise.resolve();
  }

  /** Resolves once no job is waiting or running (tests, and the CLI after an import). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Bars of `instrument` changed outside the live feed (import, backfill): check its sessions (every profile). */
  barsChanged(instrument: InstrumentId, profile?: string): void {
    for (const p of profile ? [profile] : this.options.profiles.list().map((x) => x.name)) {
      this.enqueue({ instrument, profile: p, reason: 'check', starts: new Set() });
    }
  }

  /** A profile was created or replaced over the API: its rows are computed again for every instrument. */
  async profileChanged(profile: string): Promise<void> {
    this.cache.drop(profile);
    for (const { id } of await this.store.instruments()) {
      this.enqueue({ instrument: id, profile, reason: 'version', starts: new Set() });
    }
  }

  /** A profile was deleted: its stored rows and reports go with it. */
  async profileRemoved(profile: string): Promise<void> {
    this.cache.drop(profile);
    for (const [name, job] of this.jobs) if (job.profile === profile) this.jobs.delete(name);
    await this.store.deleteSessionRows(profile);
  }

  /** True when the stored rows of (instrument, profile) are current: checked, and nothing queued for them. */
  isCurrent(instrument: InstrumentId, profile: string): boolean {
    return this.cache.has(instrument, profile) && !this.jobs.has(jobKey(instrument, profile));
  }

  subscribe(listener: (push: SessionPush) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  latestProvisional(instrument: InstrumentId, profile: string): ProvisionalSession | undefined {
    return this.provisional.get(jobKey(instrument, profile));
  }

  progress(): SessionKeeperProgress {
    return {
      state: this.running ? 'working' : 'idle',
      jobs: this.jobs.size + (this.current ? 1 : 0),
      current: this.current ? { ...this.current } : null,
      recomputedSessions: this.recomputed,
      appendedSessions: this.appended,
      lastError: this.lastError,
    };
  }

  private clockOf(profile: SessionProfile): SessionClock {
    const name = `${profile.tz}|${profile.sessionStart}`;
    let clock = this.clocks.get(name);
    if (!clock) this.clocks.set(name, (clock = new SessionClock(profile.tz, profile.sessionStart)));
    return clock;
  }

  private enqueue(job: Job): void {
    if (this.stopped) return;
    const name = jobKey(job.instrument, job.profile);
    const queued = this.jobs.get(name);
    if (queued) {
      // A full recompute or check covers any single session; otherwise the sessions add up.
      if (rank(job.reason) > rank(queued.reason)) this.jobs.set(name, job);
      else if (rank(job.reason) === rank(queued.reason)) for (const start of job.starts) queued.starts.add(start);
    } else {
      this.jobs.set(name, job);
    }
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.jobs.size > 0 && !this.stopped) {
      const [name, job] = this.jobs.entries().next().value as [string, Job];
      this.jobs.delete(name);
      try {
        await this.run(job);
      } catch (error) {
        this.lastError = `${job.reason} of ${job.instrument} ${job.profile}: ${(error as Error).message}`;
        this.logger.error({ err: error, instrument: job.instrument, profile: job.profile }, 'session rows job failed');
      } finally {
        this.current = null;
      }
    }
    this.running = null;
  }

  private async run(job: Job): Promise<void> {
    const profile = this.options.profiles.get(job.profile);
    if (!profile) return;
    const clock = this.clockOf(profile);
    const now = this.clock();
    let sessions: SessionBounds[];
    if (job.reason === 'stale' || job.reason === 'close') {
      sessions = [...job.starts].sort((a, b) => a - b).map((start) => clock.sessionAt(start));
      sessions = sessions.filter((bounds) => bounds.end <= now);
    } else {
      const [first] = await this.store.readBars({ instrument: job.instrument, timeframe: '1m', from: 0, limit: 1 });
      if (!first) {
        this.cache.put(job.instrument, job.profile, [], profile.extensionLevels);
        return;
      }
      const [last] = await this.store.readBars({ instrument: job.instrument, timeframe: '1m', limit: 1 });
      // From the first bar's session to the last bar's: no row is kept for the empty days after.
      sessions = endedSessions(clock, clock.sessionAt(first.start).start, last.start + 1, now);
      if (job.reason === 'check') sessions = await this.staleOf(job, sessions);
    }
    if (sessions.length > 0) {
      const reason = job.reason;
      this.current = { instrument: job.instrument, profile: job.profile, reason, done: 0, total: sessions.length };
      if (sessions.length > 1)
        this.logger.info({ ...this.current }, `recomputing ${sessions.length} sessions (${reason})`);
      const rows = await recomputeSessions(
        {
          store: this.store,
          instrument: job.instrument,
          profile: job.profile,
          definition: profile,
          definitionsVersion: this.version,
        },
        sessions,
        (done) => {
          if (this.current) this.current.done = done;
        },
      );
      if (reason === 'close') this.appended += sessions.length;
      else this.recomputed += sessions.length;
      if (sessions.length > 1) this.logger.info({ ...this.current }, `recomputed ${sessions.length} sessions`);
      if (reason === 'close') {
        for (const row of rows)
          this.push({ instrument: job.instrument, profile: job.profile, provisional: false, row });
      }
    }
    const stored = await this.store.readSessionRows({ instrument: job.instrument, profile: job.profile });
    const rows = stored.filter((s) => s.row !== null && s.skipReason === null).map((s) => s.row as SessionRow);
    this.cache.put(job.instrument, job.profile, rows, profile.extensionLevels);
  }

  private async staleOf(job: Job, sessions: SessionBounds[]): Promise<SessionBounds[]> {
    const stale = new Set<number>();
    for (let i = 0; i < sessions.length; i += CHECK_BATCH) {
      const batch = sessions.slice(i, i + CHECK_BATCH).map(({ start, end }) => ({ start, end }));
      for (const start of await this.store.staleSessions({ ...job, sessions: batch })) stale.add(start);
    }
    if (stale.size > 0)
      this.logger.info({ instrument: job.instrument, profile: job.profile, sessions: stale.size }, 'stale sessions');
    return sessions.filter((bounds) => stale.has(bounds.start));
  }

  private onClosedBar(bar: Bar): void {
    const now = this.clock();
    for (const profile of this.options.profiles.list()) {
      const name = jobKey(bar.instrument, profile.name);
      const bounds = this.clockOf(profile).sessionAt(bar.start);
      const open = this.openSessions.get(name);
      if (open && open.start === bounds.start && bounds.end <= now) {
        // The last bar of the open session, closed after the session ended: the session is done.
        this.openSessions.delete(name);
        this.closeSession(bar.instrument, profile.name, open);
        continue;
      }
      if (bounds.end <= now || (open && bounds.start < open.start)) {
        // A bar of a session that has ended changed (late trade, repair): only that session again.
        this.enqueue({
          instrument: bar.instrument,
          profile: profile.name,
          reason: 'stale',
          starts: new Set([bounds.start]),
        });
        continue;
      }
      if (open && open.start < bounds.start) this.closeSession(bar.instrument, profile.name, open);
      this.openSessions.set(name, bounds);
      void this.pushProvisional(bar.instrument, profile, bounds).catch((error: unknown) =>
        this.logger.warn(
          { err: error, instrument: bar.instrument, profile: profile.name },
          'provisional session failed',
        ),
      );
    }
  }

  private closeEndedSessions(): void {
    const now = this.clock();
    for (const [name, bounds] of this.openSessions) {
      if (bounds.end > now) continue;
      const [instrument, profile] = splitKey(name);
      this.closeSession(instrument, profile, bounds);
      this.openSessions.delete(name);
    }
  }

  private closeSession(instrument: InstrumentId, profile: string, bounds: SessionBounds): void {
    this.provisional.delete(jobKey(instrument, profile));
    this.enqueue({ instrument, profile, reason: 'close', starts: new Set([bounds.start]) });
  }

  private async pushProvisional(
    instrument: InstrumentId,
    profile: SessionProfile,
    bounds: SessionBounds,
  ): Promise<void> {
    const now = this.clock();
    await this.store.flush();
    const bars = await this.store.readBars({ instrument, timeframe: '1m', from: bounds.start, to: bounds.end });
    const { provisional } = computeSessionRows(bars, profile, Math.min(now, bounds.end - MINUTE_MS / 2));
    if (!provisional || provisional.date !== formatDay(bounds.day)) return;
    this.provisional.set(jobKey(instrument, profile.name), provisional);
    this.push({ instrument, profile: profile.name, provisional: true, row: provisional });
  }

  private push(push: SessionPush): void {
    for (const listener of this.listeners) {
      try {
        listener(push);
      } catch (error) {
        this.logger.warn({ err: error }, 'session listener failed');
      }
    }
  }
}

function rank(reason: Job['reason']): number {
  return reason === 'version' ? 2 : reason === 'check' ? 1 : 0;
}

function jobKey(instrument: InstrumentId, profile: string): string {
  return `${instrument}|${profile}`;
}

function splitKey(name: string): [InstrumentId, string] {
  const at = name.lastIndexOf('|');
  return [name.slice(0, at), name.slice(at + 1)];
}
