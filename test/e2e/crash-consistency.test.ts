// kill -9 at several points of a replay and of a live simulator run, restarting on the same
// database each time: afterwards every 1s/1m/5m bar counts exactly the stored ticks of its
// bucket and no bucket with ticks lacks its bar (issue #15). The simulator runs are killed after
// given numbers of stored ticks; the replays, paced, a given time after they open the database.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareBarsWithTicks } from './bar-tick-consistency.js';
import { ensureBuilt, freePort, runCli, waitFor, type CliProcess } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPOT = '/work/shared/data/binance/hftbacktest/spot';
const CAPTURES = [join(SPOT, 'btcusdt_20240808.gz'), join(SPOT, 'ethusdt_20240808.gz')];
const TIMEFRAMES = ['1s', '1m', '5m'] as const;

async function killHard(run: CliProcess): Promise<void> {
  if (run.child.exitCode !== null) return;
  const exited = new Promise((resolve) => run.child.once('exit', resolve));
  run.child.kill('SIGKILL');
  await exited;
}

/** True once a process has written the database's log (it opens, migrates or commits) since `since`. */
function walTouchedSince(db: string, since: number): boolean {
  return existsSync(`${db}.wal`) && statSync(`${db}.wal`).mtimeMs >= since;
}

describe('bars equal their ticks after kill -9', () => {
  it.skipIf(!CAPTURES.every(existsSync))(
    'during a replay of the spot captures, killed three times and run again',
    async () => {
      ensureBuilt({ web: false });
      const db = join(dir, 'replay.duckdb');
      const args = ['replay', ...CAPTURES, '--db', db];
      // Paced at 40x, a run takes ~9 s (the captures hold ~6 minutes) and re-reads the stored part
      // at the same pace, so killing each run later than the one before stores a little more.
      for (const killAfterMs of [1_500, 2_500, 3_500]) {
        const spawnedAt = Date.now();
        const run = runCli([...args, '--speed', '40']);
        await waitFor('the replay to open the database', 30_000, async () =>
          walTouchedSince(db, spawnedAt) || run.child.exitCode !== null ? true : undefined,
        );
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        await killHard(run);
        expect(run.child.exitCode, `the replay ended before its kill:\n${run.output()}`).toBeNull();
      }
      const last = runCli(args);
      const code = await new Promise((resolve) => last.child.once('exit', resolve));
      expect(code, last.output()).toBe(0);
      // The kill left open bars behind, which the last run rebuilt before going on.
      expect(last.output()).toContain('bars rebuilt from the stored ticks');

      const report = await compareBarsWithTicks(db, TIMEFRAMES);
      expect(report.ticks).toBeGreaterThan(15_000);
      expect(report.mismatches.slice(0, 10)).toEqual([]);
      expect(report.mismatches).toHaveLength(0);
    },
    120_000,
  );

  it('under --source sim at 2,000 trades/s, killed three times and restarted', async () => {
    ensureBuilt({ web: false });
    const db = join(dir, 'sim.duckdb');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      'start',
      '--source',
      'sim',
      '--sim-history',
      '0',
      '--sim-rate',
      '2000',
      '--port',
      String(port),
      '--db',
      db,
    ];
    const writtenTicks = async () =>
      ((await (await fetch(`${url}/api/v1/health`)).json()) as { store: { writtenTicks: number } }).store.writtenTicks;
    // Each run is killed after a different amount of committed trading, mid-bucket for every timeframe.
    for (const ticks of [2_000, 3_500, 5_000]) {
      const run = runCli(args);
      await waitFor(`${ticks} ticks stored`, 30_000, async () => ((await writtenTicks()) >= ticks ? true : undefined));
      await killHard(run);
    }
    // The restart repairs; a graceful stop then stores the bars it left open.
    const last = runCli(args);
    await waitFor('the restarted server', 30_000, async () => ((await writtenTicks()) > 0 ? true : undefined));
    await last.stop();
    expect(last.child.exitCode, last.output()).toBe(0);
    expect(last.output()).toContain('bars rebuilt from the stored ticks');

    const report = await compareBarsWithTicks(db, TIMEFRAMES);
    expect(report.ticks).toBeGreaterThan(10_000);
    expect(report.mismatches.slice(0, 10)).toEqual([]);
    expect(report.mismatches).toHaveLength(0);
  }, 120_000);
});
