// The full-disk story of full-disk.test.ts without root: the store's moves into the ticks table
// fail as DuckDB fails on a full disk (first a checkpoint that invalidates the database, then
// "No space left on device"), under a stream of trades through the pipeline and the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tick } from '../../src/domain/index.js';
import type { Health } from '../../src/server/wire-types.js';
import { TickWriter } from '../../src/store/duckdb/tick-writer.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const MAX_PENDING_ROWS = 5_000;
const BATCH = 500;
const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);
const INVALIDATED =
  'FATAL Error: Failed to create checkpoint because of error: Could not write file "t.duckdb": No space left on device';
const NO_SPACE =
  'TransactionContext Error: Failed to commit: Could not write file "t.duckdb.wal": No space left on device';

let dir: string;
let test: TestApp;
let nextId = 1;

function batch(): Tick[] {
  return Array.from({ length: BATCH }, () => {
    const id = nextId++;
    return { instrument: 'sim:AAA', id, ts: T0 + id, price: 100 + (id % 7), qty: 1, buyerMaker: id % 2 === 0 };
  });
}

async function health(): Promise<Health> {
  return (await test.get('/api/v1/health')).body as Health;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-store-failure-'));
  nextId = 1;
  test = await createTestApp({
    path: join(dir, 't.duckdb'),
    store: { maxPendingRows: MAX_PENDING_ROWS, flushIntervalMs: 20 },
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await test.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('a store whose writes fail, behind the server', () => {
  it('says failing with the reasons, holds at most the bound, and stores every accepted trade once', async () => {
    const accepted: number[] = [];
    test.bus.subscribe('tick', (tick) => accepted.push(tick.id));
    for (let i = 0; i < 4; i++) test.pipeline.ingest(batch());
    await test.store.flush();
    expect((await health()).status).toBe('ok');

    const move = vi
      .spyOn(TickWriter.prototype, 'moveStaged')
      .mockRejectedValueOnce(new Error(INVALIDATED))
      .mockRejectedValue(new Error(NO_SPACE));
    test.pipeline.ingest(batch());
    await expect(test.store.flush()).rejects.toThrow('FATAL');
    const failing = await health();
    expect(failing.status).toBe('failing');
    expect(failing.reasons[0]).toMatchObject({ code: 'store_write_failing', severity: 'failing' });
    expect(failing.reasons[0].message).toContain('No space left on device');

    let mostPending = 0;
    for (let i = 0; i < 30; i++) {
      test.pipeline.ingest(batch());
      await test.store.flush().catch(() => {});
      const { pendingTicks, pendingBars } = test.store.stats();
      mostPending = Math.max(mostPending, pendingTicks + pendingBars);
    }
    expect(mostPending).toBeGreaterThanOrEqual(MAX_PENDING_ROWS);
    expect(mostPending).toBeLessThan(MAX_PENDING_ROWS + BATCH + 10);
    const paused = await health();
    expect(paused.reasons.map((reason) => reason.code)).toEqual([
      'ingestion_paused',
      'store_write_failing',
      'store_behind',
    ]);
    expect(paused.ingest.refusedTicks).toBeGreaterThan(0);
    expect(paused.store.reopens).toBe(1);

    move.mockRestore();
    await test.store.flush();
    test.pipeline.ingest(batch());
    await test.store.flush();
    const recovered = await health();
    expect(recovered.store).toMatchObject({ failingSince: null, pendingTicks: expect.any(Number) });
    expect(recovered.ingest.pausedSince).toBeNull();
    expect(recovered.reasons.filter((reason) => reason.severity === 'failing')).toEqual([]);

    const stored = (await test.store.readTicks({ instrument: 'sim:AAA' })).map((tick) => tick.id);
    expect(stored).toEqual(accepted);
    expect(stored.length).toBe(nextId - 1 - paused.ingest.refusedTicks);
  });
});
