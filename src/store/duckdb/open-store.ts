// Entry point for callers that just want a ready store.
import { DuckDbStore, type DuckDbStoreOptions } from './duckdb-store.js';

/** Where the CLI keeps its database unless told otherwise. */
export const DEFAULT_STORE_PATH = './data/tickscope.duckdb';

/** Opens (creating and migrating as needed) the DuckDB store at `path`, a file or `:memory:`. */
export async function openStore(options: DuckDbStoreOptions): Promise<DuckDbStore> {
  const store = new DuckDbStore(options);
  await store.open();
  return store;
}
