// What the server needs from the rest of the process, built once by the composition root after
// the engines exist, and never replaced afterwards (the source fields follow the live source as
// it connects or falls back, read through getters). Live data reaches the server over the bus
// (ticks, bars, metric updates, alert messages); the engines here are for queries and commands.
import type { AlertEngine } from '../alerts/alert-engine.js';
import type { AlertFeed } from '../alerts/delivery/alert-feed.js';
import type { AnalyticsService } from '../analytics/live/analytics-service.js';
import type { SessionKeeper } from '../analytics/sessions/session-keeper.js';
import type { SessionProfiles } from '../analytics/sessions/session-profiles.js';
import type { Bus } from '../bus/bus.js';
import type { InstrumentId, Tick, Venue } from '../domain/index.js';
import type { GapLedger } from '../ingest/gap-records.js';
import type { IngestPipeline } from '../ingest/ingest-pipeline.js';
import type { DailySync } from '../ingest/sync/daily-sync.js';
import type { SourceStatusSnapshot } from '../ingest/source-status.js';
import type { WatchlistControl } from '../ingest/watchlist.js';
import type { SourceKind, TickSource } from '../sources/source.js';
import type { Store } from '../store/store.js';

export interface ServerContext {
  readonly store: Store;
  readonly bus: Bus;
  readonly pipeline: IngestPipeline;
  readonly source: TickSource | null;
  readonly sourceKind: SourceKind;
  readonly simulated: boolean;
  /**
   * Where the live source stands while it starts behind a listening server (connecting, the
   * fallback countdown, the simulator's history); absent: the source was ready before the server.
   */
  readonly sourceStatus?: { snapshot(): SourceStatusSnapshot };
  readonly startedAt: number;
  readonly defaultVenue: Venue;
  /** Clients of the `alerts` WebSocket channel; fed from the bus's `alert` topic, never coalesced or dropped. */
  readonly alertFeed: AlertFeed;
  /** Directory of the built web app; not served when absent. */
  readonly webRoot?: string;
  /** Runtime changes to the live instruments; absent when the source cannot change them (sim, replay, none). */
  readonly watchlist?: WatchlistControl;
  /** Trade-id gaps found by the live source, newest first; absent for sources without trade ids to check. */
  readonly gaps?: GapLedger;
  /** Live symbol and pair engines; a process without them recomputes analytics from stored bars only. */
  readonly analytics?: AnalyticsService;
  /** Alert rules and history; a process without them answers the alert routes with 409. */
  readonly alerts?: AlertEngine;
  /** Named session profiles (built-in and configured); the built-in ones when absent. */
  readonly sessionProfiles?: SessionProfiles;
  /** The daily kline sync of a Binance source; absent for other sources (the sync routes answer 409). */
  readonly sync?: DailySync;
  /**
   * Keeps the stored session rows and the report cache current; without it the session routes
   * compute from the bars on every request, and the `sessions:` channel is refused.
   */
  readonly sessions?: SessionKeeper;
}

/** Latest trade per instrument, kept from the bus for the instrument list. */
export class LastTrades {
  private readonly last = new Map<InstrumentId, Tick>();
  constructor(bus: Bus) {
    bus.subscribe('tick', (tick) => this.last.set(tick.instrument, tick));
  }
  get(instrument: InstrumentId): Tick | undefined {
    return this.last.get(instrument);
  }
}
