// Entry point for callers that just want a ready store.
import { WorkerStore } from '../worker/worker-store.js';
import { DuckDbStore, type DuckDbStoreOptions } from './duckdb-store.js';

/** Where the CLI keeps its database unless told otherwise. */
export const DEFAULT_STORE_PATH = './data/tickscope.duckdb';

export interface OpenStoreOptions extends DuckDbStoreOptions {
  /**
   * 'worker' runs DuckDB on a worker thread, so that its writes never delay the JS thread (what a
   * live process wants); 'main' runs it on the calling thread (tools, tests). Default 'main'.
   */
  thread?: 'main' | 'worker';
}

/** Opens (creating and migrating as needed) the DuckDB store at `path`, a file or `:memory:`. */
export async function openStore(options: OpenStoreOptions & { thread: 'worker' }): Promise<WorkerStore>;
export async function openStore(options: OpenStoreOptions & { thread?: 'main' }): Promise<DuckDbStore>;
export async function openStore(options: OpenStoreOptions): Promise<DuckDbStore | WorkerStore>;
export async function openStore({ thread = 'main', ...options }: OpenStoreOptions): Promise<DuckDbStore | WorkerStore> {
  const store = thread === 'worker' ? new WorkerStore(options) : new DuckDbStore(options);
  await store.open();
  return store;
}
