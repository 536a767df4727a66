// Where the live source of `tickscope start` stands while the server already answers: still
// connecting (with the moment `--source auto` gives up on Binance), live, simulated (with the
// progress of the simulated history being generated) or none. Read by /api/v1/health and the
// dashboard, so that the first seconds after start say what is happening instead of nothing.

export type SourceState = 'connecting' | 'live' | 'simulated' | 'none';

export interface SimHistoryProgress {
  /** Epoch ms the history starts at and ends before. */
  from: number;
  to: number;
  /** Time the generated trades have reached, epoch ms. */
  reachedTs: number;
  /** Trades ingested so far. */
  ticks: number;
  done: boolean;
}

export interface SourceStatusSnapshot {
  state: SourceState;
  /** When the state was entered, epoch ms. */
  since: number;
  /** While connecting under `--source auto`: how long until the simulator takes over. */
  fallbackInMs: number | null;
  /** The simulated history, while it is generated and once it is done; null when none was generated. */
  history: SimHistoryProgress | null;
}

export class SourceStatus {
  private state: SourceState;
  private since: number;
  private fallbackAt: number | null = null;
  private history: SimHistoryProgress | null = null;

  constructor(
    initial: SourceState,
    private readonly now: () => number = Date.now,
  ) {
    this.state = initial;
    this.since = now();
  }

  /** Connecting; `fallbackAt` is when `--source auto` falls back to the simulator (null: never). */
  connecting(fallbackAt: number | null): void {
    this.enter('connecting');
    this.fallbackAt = fallbackAt;
  }

  enter(state: SourceState): void {
    if (state !== this.state) this.since = this.now();
    this.state = state;
    if (state !== 'connecting') this.fallbackAt = null;
  }

  historyProgress(progress: SimHistoryProgress): void {
    this.history = { ...progress };
  }

  snapshot(): SourceStatusSnapshot {
    return {
      state: this.state,
      since: this.since,
      fallbackInMs: this.fallbackAt === null ? null : Math.max(0, this.fallbackAt - this.now()),
      history: this.history === null ? null : { ...this.history },
    };
  }
}
