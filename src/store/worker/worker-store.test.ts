// The Store contract on the worker thread, and what is particular to the worker.
import { afterEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../domain/index.js';
import { runStoreContract } from '../contract/store-contract.js';
import { duckDbContractSubject } from '../duckdb/contract-databases.js';
import { openStore } from '../duckdb/open-store.js';
import type { Worker } from 'node:worker_threads';
import { STORE_WORKER_YOUNG_GENERATION_MB } from './worker-limits.js';
import type { WorkerStore } from './worker-store.js';

runStoreContract(duckDbContractSubject('worker'));

const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);
const tick = (id: number, extra: Partial<Tick> = {}): Tick => ({
  instrument: 'binance:BTCUSDT',
  id,
  ts: T0 + id,
  price: 100 + id,
  qty: 1,
  buyerMaker: false,
  ...extra,
});

function recordingLogger() {
  const lines: Array<{ level: string; details: object; message?: string }> = [];
  const at = (level: string) => (details: object, message?: string) => lines.push({ level, details, message });
  return { lines, logger: { debug: at('debug'), error: at('error'), warn: at('warn'), info: at('info') } };
}

let opened: WorkerStore[] = [];
afterEach(async () => {
  for (const store of opened) await store.close().catch(() => {});
  opened = [];
});

async function open(logger = recordingLogger().logger): Promise<WorkerStore> {
  const store = await openStore({ path: ':memory:', thread: 'worker', logger });
  opened.push(store);
  return store;
}

describe('WorkerStore', () => {
  it("runs its worker with the small young generation of worker-limits.ts, not the main thread's", async () => {
    const store = await open();
    // The limits the worker's isolate was created with, as Node reports them for the running thread.
    const { worker } = store as unknown as { worker: Worker };
    expect(worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(STORE_WORKER_YOUNG_GENERATION_MB);
  });

  it('keeps the order of writes: a bar upserted twice keeps its last version, duplicates are dropped', async () => {
    const store = await open();
    const bar = {
      instrument: 'binance:BTCUSDT',
      timeframe: '1s' as const,
      start: T0,
      open: 1,
      high: 2,
      low: 1,
      close: 2,
      volume: 3,
      quoteVolume: 4,
      trades: 2,
      buyVolume: 1,
      vwap: 1.5,
    };
    store.appendTicks([tick(1), tick(2)]);
    store.upsertBars([bar]);
    store.appendTicks([tick(2), tick(3)]);
    store.upsertBars([{ ...bar, close: 9, trades: 3 }]);
    await store.flush();
    expect((await store.readTicks({ instrument: 'binance:BTCUSDT' })).map((t) => t.id)).toEqual([1, 2, 3]);
    expect(await store.readBars({ instrument: 'binance:BTCUSDT', timeframe: '1s' })).toEqual([
      { ...bar, close: 9, trades: 3 },
    ]);
  });

  it('passes the worker’s log lines to the logger it was given', async () => {
    const { lines, logger } = recordingLogger();
    const store = await open(logger);
    store.appendTicks([tick(1), tick(2.5)]);
    await store.flush();
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/non-integer id/) }),
    );
    expect((await store.readTicks({ instrument: 'binance:BTCUSDT' })).map((t) => t.id)).toEqual([1]);
  });

  it('rejects calls with a clear error once the worker is gone, and keeps taking (and dropping) writes', async () => {
    const { lines, logger } = recordingLogger();
    const store = await open(logger);
    await (store as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(store.flush()).rejects.toThrow(/store worker exited/);
    expect(() => store.appendTicks([tick(1)])).not.toThrow();
    await expect(store.readTicks({ instrument: 'binance:BTCUSDT' })).rejects.toThrow(/store worker exited/);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/rows not yet written are lost/) }),
    );
  });

  it('writes alert rules, states and events through the worker and reads them back', async () => {
    const store = await open();
    await store.saveAlertRules([{ id: 'r1', rule: { name: 'z above 2' }, state: { latched: false } }]);
    await store.saveAlertRuleStates([{ id: 'r1', state: { latched: true } }]);
    const event = {
      id: 'e1',
      ruleId: 'r1',
      severity: 'high',
      firedAt: T0,
      webhookStatus: 'pending',
      event: { value: 2.5, note: 'ü "quoted"' },
    };
    await store.insertAlertEvents([event]);
    await store.saveAlertEvents([{ ...event, webhookStatus: 'delivered', event: { ...event.event, delivered: true } }]);
    expect(await store.loadAlertRules()).toEqual([{ id: 'r1', rule: { name: 'z above 2' }, state: { latched: true } }]);
    expect(await store.readAlertEvents({ webhookStatus: 'delivered', limit: 10 })).toEqual([
      { value: 2.5, note: 'ü "quoted"', delivered: true },
    ]);
    expect(await store.deleteAlertRule('r1')).toBe(true);
  });
});
