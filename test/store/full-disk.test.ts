// A real full disk under `tickscope start` (issue #15): the database lives on a 20 MB tmpfs that
// a filler file fills while the simulator sends 5,000 trades/s. Health must turn failing with its
// reasons, the unwritten rows stay under --store-max-pending-rows, and once space returns every
// trade the pipeline accepted is stored exactly once. Mounting needs root; without it the test
// skips saying so, and store-failure.test.ts runs the same story with injected write failures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/cli/commands/start.js';
import { DEFAULTS } from '../../src/cli/config.js';
import type { Health } from '../../src/server/wire-types.js';
import { openStore } from '../../src/store/index.js';

const MAX_PENDING_ROWS = 40_000;
const TRADES_PER_SEC = 5_000;

const mountPoint = mkdtempSync(join(tmpdir(), 'tickscope-full-disk-'));
let mountRefused: string | null = null;

beforeAll(() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    mountRefused = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
  }
});

afterAll(() => {
  if (mountRefused === null) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

async function health(app: RunningApp): Promise<Health> {
  return (await fetch(`${app.url}/api/v1/health`)).json() as Promise<Health>;
}

async function waitFor(app: RunningApp, what: string, done: (health: Health) => boolean): Promise<Health> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const current = await health(app);
    if (done(current)) return current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; health: ${JSON.stringify(await health(app))}`);
}

/** Leaves about `freeBytes` free on the tmpfs. */
function fillDisk(freeBytes: number): string {
  const stats = statfsSync(mountPoint);
  const filler = join(mountPoint, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, stats.bavail * stats.bsize - freeBytes)));
  return filler;
}

describe('a full disk under tickscope start', () => {
  const title =
    'turns health failing, bounds the unwritten rows, and stores every accepted trade once after space returns';
  it(title, async (context) => {
    if (mountRefused !== null) context.skip(`needs root to mount a 20 MB tmpfs (mount said: ${mountRefused})`);
    const db = join(mountPoint, 'tickscope.duckdb');
    const app = await startApp({
      ...DEFAULTS,
      source: 'sim',
      simRate: TRADES_PER_SEC,
      simHistoryMs: 0,
      db,
      port: 0,
      logLevel: 'silent',
      storeMaxPendingRows: MAX_PENDING_ROWS,
    });
    let stopped = false;
    try {
      await app.ready;
      await waitFor(app, 'the first writes', (h) => h.store.writtenTicks > 10_000 && h.status === 'ok');

      const filler = fillDisk(256 * 1024);
      const failing = await waitFor(app, 'health to fail', (h) => h.status === 'failing');
      expect(failing.reasons.map((reason) => reason.code)).toContain('store_write_failing');
      const paused = await waitFor(app, 'ingestion to pause', (h) =>
        h.reasons.some((reason) => reason.code === 'ingestion_paused'),
      );
      expect(paused.ingest.pausedSince).toEqual(expect.any(Number));
      // Stay full a while: the rows held must not grow past the bound (plus what one hand-over carries).
      let mostPending = 0;
      for (let sample = 0; sample < 20; sample++) {
        const h = await health(app);
        mostPending = Math.max(mostPending, h.store.pendingTicks + h.store.pendingBars);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(mostPending).toBeGreaterThanOrEqual(MAX_PENDING_ROWS);
      expect(mostPending).toBeLessThan(MAX_PENDING_ROWS + TRADES_PER_SEC);
      expect((await health(app)).ingest.refusedTicks).toBeGreaterThan(0);

      rmSync(filler);
      const recovered = await waitFor(
        app,
        'writes to resume',
        (h) => h.store.failingSince === null && h.ingest.pausedSince === null && h.status !== 'failing',
      );
      expect(recovered.store.failedFlushes).toBeGreaterThan(0);
      const accepted = app.ctx.pipeline.counters.ticks;
      stopped = true;
      await app.stop();

      const store = await openStore({ path: db });
      try {
        let stored = 0;
        for (const instrument of ['sim:AAA', 'sim:BBB', 'sim:CCC']) {
          const ids = (await store.readTicks({ instrument })).map((tick) => tick.id);
          expect(new Set(ids).size).toBe(ids.length);
          stored += ids.length;
        }
        // Every trade accepted, before the disk filled, while it was full and after, once.
        expect(stored).toBe(app.ctx.pipeline.counters.ticks);
        expect(stored).toBeGreaterThanOrEqual(accepted);
      } finally {
        await store.close();
      }
    } finally {
      if (!stopped) await app.stop().catch(() => {});
    }
  }, 120_000);
});
