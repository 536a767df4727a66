// `tickscope sessions` on a DuckDB file holding the real February 2023 klines: the JSON report
// equals the reference of sessions.json, the table names what a trader reads, the CSV has one
// line per session, and the command run as a child process prints the table or one-line failures.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionReport } from '../../src/analytics/sessions/index.js';
import { parseSessionsFlags, sessionsReport } from '../../src/cli/commands/sessions.js';
import { openStore } from '../../src/store/index.js';
import { type GoldenCase, loadGolden } from '../golden/golden.js';
import { readKlineCsv } from '../golden/kline-csv.js';

type SessionsCase = GoldenCase<Record<string, unknown>, { csv?: string }, { report: SessionReport }>;

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'tickscope-sessions-cli-'));
const db = join(dir, 'klines.duckdb');
const cases = new Map(loadGolden<SessionsCase>('sessions.json').cases.map((c) => [c.id, c]));
const RANGE = { from: '2023-01-31', to: '2023-03-01' };

function tickscope(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, TICKSCOPE_LOG_LEVEL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** Floats to 12 significant digits, so toEqual compares within about the file's rtol of 1e-12. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

beforeAll(async () => {
  const store = await openStore({ path: db });
  store.upsertBars(readKlineCsv(cases.get('avaxusdt-utc-ib60')?.input.csv ?? '', 'binance-futures:AVAXUSDT'));
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tickscope sessions', () => {
  it('prints the reference report as JSON for the ny profile', async () => {
    const out = await sessionsReport(
      parseSessionsFlags({ instrument: 'binance-futures:AVAXUSDT', profile: 'ny', format: 'json', db, ...RANGE }),
    );
    const body = JSON.parse(out);
    expect(body.definitionsVersion).toBe(1);
    expect(rounded(body.report)).toEqual(rounded(cases.get('avaxusdt-ny0930-ib30')?.expected.report));
  });

  it('uses a profile of the config file', async () => {
    const tokyo = cases.get('avaxusdt-tokyo0900-ib120');
    const config = join(dir, 'tickscope.config.json');
    writeFileSync(config, JSON.stringify({ sessionProfiles: [{ name: 'tokyo', ...tokyo?.params }] }));
    const out = await sessionsReport(
      parseSessionsFlags({
        instrument: 'binance-futures:AVAXUSDT',
        profile: 'tokyo',
        format: 'json',
        db,
        config,
        ...RANGE,
      }),
    );
    expect(rounded(JSON.parse(out).report)).toEqual(rounded(tokyo?.expected.report));
  });

  it('prints the rows as CSV', async () => {
    const out = await sessionsReport(
      parseSessionsFlags({ instrument: 'binance-futures:AVAXUSDT', format: 'csv', db, ...RANGE }),
    );
    const lines = out.trim().split('\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['date', 'weekday', 'start']);
    expect(lines).toHaveLength(29);
  });

  it('prints a readable table from the command line', async () => {
    const run = await tickscope([
      'sessions',
      '--instrument',
      'binance-futures:AVAXUSDT',
      '--profile',
      'utc',
      '--db',
      db,
      '--from',
      RANGE.from,
      '--to',
      RANGE.to,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('profile utc: UTC 00:00, IB 60 min');
    expect(run.stdout).toContain('sessions 28 evaluated, 0 skipped');
    expect(run.stdout).toMatch(/^all\s+28\s+82\.1%\s+89\.3%\s+71\.4%\s+0\.0%/m);
    expect(run.stdout).toMatch(/^Mon\s+4\s/m);
    expect(run.stdout).toMatch(/^first break\s+0\s+23\s+2\s/m);
  }, 120_000);

  it('fails in one line naming the flag for an unknown profile, a bad range and a missing database', async () => {
    const base = ['sessions', '--instrument', 'binance-futures:AVAXUSDT', '--db', db];
    // The missing database runs beside the other two; those two open the same file, which DuckDB
    // locks for one process at a time, so they run one after the other.
    const missingRun = tickscope(['sessions', '--instrument', 'BTCUSDT', '--db', join(dir, 'none.duckdb')]);
    const unknown = await tickscope([...base, '--profile', 'mars']);
    const inverted = await tickscope([...base, '--from', '2023-03-01', '--to', '2023-02-01']);
    const missing = await missingRun;
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--profile must be one of utc, ny, london, got "mars"/);
    expect(inverted.stderr).toMatch(/--from: .*must be before/);
    expect(missing.stderr).toMatch(/--db: .*none\.duckdb does not exist/);
    expect(`${unknown.stderr}${inverted.stderr}${missing.stderr}`).not.toMatch(/\n\s+at /);
  }, 120_000);
});
