// What the server needs from the rest of the process.
import type { AlertEngine } from '../alerts/alert-engine.js';
import type { AnalyticsService } from '../analytics/live/analytics-service.js';
import type { Bus } from '../bus/bus.js';
import type { InstrumentId, Tick, Venue } from '../domain/index.js';
import type { GapLedger } from '../ingest/gap-records.js';
import type { IngestPipeline } from '../ingest/ingest-pipeline.js';
import type { WatchlistControl } from '../ingest/watchlist.js';
import type { SourceKind, TickSource } from '../sources/source.js';
import type { Store } from '../store/store.js';

export interface ServerContext {
  store: Store;
  bus: Bus;
  pipeline: IngestPipeline;
  source: TickSource | null;
  sourceKind: SourceKind;
  simulated: boolean;
  startedAt: number;
  defaultVenue: Venue;
  /** Directory of the built web app; not served when absent. */
  webRoot?: string;
  /** Runtime changes to the live instruments, when the source supports them. */
  watchlist?: WatchlistControl;
  /** Trade-id gaps found by the live source, newest first. */
  gaps?: GapLedger;
  /** Live symbol and pair engines; without them, analytics are recomputed from stored bars only. */
  analytics?: AnalyticsService;
  /** Alert rules, events and their delivery; without it the alert routes answer 409. */
  alerts?: AlertEngine;
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
