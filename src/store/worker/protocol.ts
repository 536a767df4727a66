// Messages between WorkerStore (on the JS thread) and the store worker that owns DuckDB.
import type { Bar } from '../../domain/index.js';
import type { DuckDbStore, DuckDbStoreOptions } from '../duckdb/duckdb-store.js';
import type { StoreStats } from '../store.js';
import type { PackedTicks } from './tick-batch.js';
import type { Logger } from '../../domain/logger.js';

/** The store's asynchronous methods, called in the worker by name. */
export const STORE_CALLS = [
  'flush',
  'readTicks',
  'readBars',
  'barsFromTicks',
  'copyToFile',
  'lastTradeId',
  'instruments',
  'barCoverage',
  'barCoverageDetail',
  'barGaps',
  'markNoKlineData',
  'noKlineDataRanges',
  'saveInstrumentMeta',
  'instrumentMeta',
  'getSetting',
  'setSetting',
  'loadAlertRules',
  'writeAlertBatch',
  'deleteAlertRule',
  'readAlertEvents',
  'readAlertEvent',
  'pruneAlertEvents',
  'beginBarImport',
  'stageImportBars',
  'commitBarImport',
  'abortBarImport',
  'writeSessionRows',
  'readSessionRows',
  'staleSessions',
  'sessionRowSummary',
  'deleteSessionRows',
] as const satisfies ReadonlyArray<keyof DuckDbStore>;

export type StoreCall = (typeof STORE_CALLS)[number];

export type WorkerOptions = Omit<DuckDbStoreOptions, 'logger'>;

/** Counters of ticks the worker has taken into its store, so the JS thread can count what is in flight. */
export interface WorkerStats extends StoreStats {
  receivedTicks: number;
}

export type ToWorker =
  | { type: 'open' | 'close'; id: number }
  | { type: 'call'; id: number; method: StoreCall; args: unknown[] }
  /** Writes in the order they were made; no reply. */
  | { type: 'write'; ticks: PackedTicks | null; bars: Bar[] };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type FromWorker =
  | { type: 'result'; id: number; value: unknown; stats: WorkerStats }
  | { type: 'error'; id: number; error: SerializedError; stats: WorkerStats }
  | { type: 'stats'; stats: WorkerStats }
  | { type: 'log'; level: keyof Logger; details: object; message?: string };
