// What the live analytics need from the rest of the process, stated here so that analytics
// depends only on the domain (the Store and the Bus satisfy these structurally).
import type { Bar, InstrumentId, MetricMessage, Tick, Timeframe } from '../../domain/index.js';

export interface BarHistory {
  /** Writes buffered rows so that reads see them. */
  flush(): Promise<void>;
  /** Bars ascending by start; without `from`, the latest `limit` before `to`. */
  readBars(query: {
    instrument: InstrumentId;
    timeframe: Timeframe;
    from?: number;
    to?: number;
    limit?: number;
  }): Promise<Bar[]>;
}

export interface SettingsStore {
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
}

export interface MarketFeed {
  subscribe(topic: 'bar', handler: (update: { bar: Bar; closed: boolean; amended: boolean }) => void): () => void;
  subscribe(topic: 'tick', handler: (tick: Tick) => void): () => void;
}

/** Where the analytics' results go: the bus's `metric` topic. */
export interface MetricPublisher {
  publish(topic: 'metric', message: MetricMessage): void;
}

export interface OpenBarSource {
  openBar(instrument: InstrumentId, timeframe: Timeframe): Bar | undefined;
}
