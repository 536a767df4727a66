export type {
  BarCoverage,
  BarCoverageDetail,
  BarGap,
  BarQuery,
  CopySummary,
  FileFormat,
  FileTarget,
  NoKlineDataRange,
  Store,
  StoredInstrument,
  StoredTableQuery,
  StoreStats,
  TickQuery,
  TimeRange,
} from './store.js';
export { checkTimeZone, FILE_FORMATS, isTimeZone } from './duckdb/table-copy.js';
export {
  DEFAULT_MAX_PENDING_ROWS,
  DuckDbStore,
  MEMORY_PATH,
  StoreClosedError,
  type DuckDbStoreOptions,
} from './duckdb/duckdb-store.js';
export { UnwrittenRowsError } from './duckdb/buffered-writer.js';
export { StoreFileError } from './duckdb/database-file.js';
export { DEFAULT_STORE_PATH, openStore, type OpenStoreOptions } from './duckdb/open-store.js';
export { WorkerStore, StoreWorkerError } from './worker/worker-store.js';
export { MIGRATIONS, MigrationError, type Migration } from './duckdb/migrations.js';
export {
  DEFAULT_DB_MEMORY_LIMIT,
  DEFAULT_DB_THREADS,
  parseMemoryLimit,
  parseThreads,
  type DuckDbResourceLimits,
} from './duckdb/resource-limits.js';
