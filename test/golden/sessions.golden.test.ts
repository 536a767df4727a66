// Every case of sessions.json: rows, skipped sessions and the report must equal the pandas
// reference within the file's tolerance (floats rtol 1e-12, atol 1e-12; the rest exactly). The
// real-kline cases load their CSV through the product's own import (`tickscope import`) into a
// store, and read the 1m bars back from it, as a user's sessions would be computed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goldenDir, loadGolden, mismatch, type GoldenCase } from './golden.js';
import { importFiles, parseImportFlags } from '../../src/cli/commands/import.js';
import { openStore } from '../../src/store/index.js';
import type { SessionDefinition } from '../../src/analytics/sessions/session-definition.js';
import { buildSessionReport } from '../../src/analytics/sessions/session-report.js';
import { computeSessionRows, type SessionBar } from '../../src/analytics/sessions/session-rows.js';

type SessionsCase = GoldenCase<
  SessionDefinition,
  { csv?: string; bars?: number[][] },
  { sessions: Record<string, unknown>[]; skipped: unknown[]; report: Record<string, unknown> }
>;

const FLOAT = { rtol: 1e-12, atol: 1e-12 };
const golden = loadGolden<SessionsCase>('sessions.json');

const dir = mkdtempSync(join(tmpdir(), 'tickscope-sessions-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const imported = new Map<string, Promise<SessionBar[]>>();

/** The file's 1m bars as `tickscope import` stores them (each file imported once per run). */
async function importedBars(relative: string): Promise<SessionBar[]> {
  const db = join(dir, `${imported.size}.duckdb`);
  const file = resolve(goldenDir(), '..', relative);
  await importFiles([file], parseImportFlags({ venue: 'binance-futures', db }));
  const store = await openStore({ path: db });
  try {
    const [instrument] = await store.instruments();
    return await store.readBars({ instrument: instrument.id, timeframe: '1m', from: 0, to: Date.now() });
  } finally {
    await store.close();
  }
}

function inputBars(testCase: SessionsCase): Promise<SessionBar[]> | SessionBar[] {
  const csv = testCase.input.csv;
  if (csv) {
    if (!imported.has(csv)) imported.set(csv, importedBars(csv));
    return imported.get(csv) as Promise<SessionBar[]>;
  }
  return (testCase.input.bars ?? []).map(([start, open, high, low, close]) => ({ start, open, high, low, close }));
}

/** Every difference between `got` and `expected`, floats within tolerance and the rest exactly. */
function differences(path: string, got: unknown, expected: unknown, out: string[]): void {
  if (typeof expected === 'number' && !Number.isInteger(expected)) {
    const m = typeof got === 'number' ? mismatch(got, expected, FLOAT) : `got ${JSON.stringify(got)}`;
    if (m) out.push(`${path}: ${m}, expected ${expected}`);
  } else if (typeof expected === 'number' && typeof got === 'number' && !Number.isInteger(got)) {
    const m = mismatch(got, expected, FLOAT);
    if (m) out.push(`${path}: ${m}`);
  } else if (Array.isArray(expected) || (expected !== null && typeof expected === 'object')) {
    if (got === null || typeof got !== 'object' || Array.isArray(got) !== Array.isArray(expected)) {
      out.push(`${path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
      return;
    }
    const keys = new Set([...Object.keys(expected as object), ...Object.keys(got as object)]);
    for (const key of keys) {
      differences(
        `${path}.${key}`,
        (got as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        out,
      );
    }
  } else if (got !== expected) {
    out.push(`${path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
}

describe('session statistics equal the pandas reference (sessions.json)', () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', async (_id, testCase) => {
    const rows = computeSessionRows(await inputBars(testCase), testCase.params);
    const report = buildSessionReport(rows.sessions, testCase.params.extensionLevels);
    const problems: string[] = [];
    differences('sessions', rows.sessions, testCase.expected.sessions, problems);
    differences('skipped', rows.skipped, testCase.expected.skipped, problems);
    differences('report', report, testCase.expected.report, problems);
    expect(rows.provisional).toBeNull();
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
