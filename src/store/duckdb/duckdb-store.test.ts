// The Store contract on both threads, and what is particular to DuckDB's files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../domain/index.js';
import { runStoreContract } from '../contract/store-contract.js';
import type { WorkerStore } from '../worker/worker-store.js';
import { duckDbContractSubject } from './contract-databases.js';
import type { DuckDbStore } from './duckdb-store.js';
import { openStore } from './open-store.js';

runStoreContract(duckDbContractSubject('main'));

const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);
const tick = (id: number): Tick => ({ instrument: BTC, id, ts: T0 + id, price: 100, qty: 1, buyerMaker: false });

let dir: string;
let stores: Array<DuckDbStore | WorkerStore>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-store-'));
  stores = [];
});

afterEach(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['main', 'worker'] as const)('DuckDB files on the %s thread', (thread) => {
  it('creates the directory of a new database file', async () => {
    const path = join(dir, 'nested', 'deeper', 'tickscope.duckdb');
    const store = await openStore({ path, thread });
    stores.push(store);
    store.appendTicks([tick(1)]);
    await store.flush();
    expect(await store.readTicks({ instrument: BTC })).toEqual([tick(1)]);
  });

  it('reports the file size, and none for an in-memory database', async () => {
    const file = await openStore({ path: join(dir, 'stats.duckdb'), thread });
    const memory = await openStore({ path: ':memory:', thread });
    stores.push(file, memory);
    file.appendTicks([tick(1)]);
    await file.flush();
    expect(file.stats().fileBytes).toBeGreaterThan(0);
    expect(memory.stats().fileBytes).toBeNull();
  });
});
