// Fresh DuckDB database files for the Store contract (test helper): one temporary directory per
// database, so that a test can close and reopen it, on the calling thread or on the worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreContractSubject } from '../contract/store-contract.js';
import { openStore } from './open-store.js';

export function duckDbContractSubject(thread: 'main' | 'worker'): StoreContractSubject {
  return {
    name: `DuckDB store on the ${thread} thread`,
    async freshDatabase() {
      const dir = mkdtempSync(join(tmpdir(), 'tickscope-store-contract-'));
      const path = join(dir, 'contract.duckdb');
      return {
        open: () => openStore({ path, thread }),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}
