// Every case of sessions.json: rows, skipped sessions and the report must equal the pandas
// reference within the file's tolerance (floats rtol 1e-12, atol 1e-12; the rest exactly).
import { describe, expect, it } from 'vitest';
import { loadGolden, mismatch, type GoldenCase } from '../../../test/golden/golden.js';
import { readKlineCsv } from '../../../test/golden/kline-csv.js';
import type { SessionDefinition } from './session-definition.js';
import { buildSessionReport } from './session-report.js';
import { computeSessionRows, type SessionBar } from './session-rows.js';

type SessionsCase = GoldenCase<
  SessionDefinition,
  { csv?: string; bars?: number[][] },
  { sessions: Record<string, unknown>[]; skipped: unknown[]; report: Record<string, unknown> }
>;

const FLOAT = { rtol: 1e-12, atol: 1e-12 };
const golden = loadGolden<SessionsCase>('sessions.json');

function inputBars(testCase: SessionsCase): SessionBar[] {
  if (testCase.input.csv) return readKlineCsv(testCase.input.csv);
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
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
    const rows = computeSessionRows(inputBars(testCase), testCase.params);
    const report = buildSessionReport(rows.sessions, testCase.params.extensionLevels);
    const problems: string[] = [];
    differences('sessions', rows.sessions, testCase.expected.sessions, problems);
    differences('skipped', rows.skipped, testCase.expected.skipped, problems);
    differences('report', report, testCase.expected.report, problems);
    expect(rows.provisional).toBeNull();
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
