// Loads the reference vectors from the reference vectors directory (GOLDEN_DIR) and compares with
// the tolerances that directory's README states. A file that cannot be read throws, so its test
// fails.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GoldenCase<P = Record<string, unknown>, I = Record<string, unknown>, E = Record<string, unknown>> {
  id: string;
  params: P;
  input: I;
  expected: E;
  meta?: Record<string, unknown>;
}

export interface GoldenFile<C = GoldenCase> {
  library: string;
  description: string;
  versions: Record<string, string>;
  cases: C[];
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function goldenDir(): string {
  return resolve(projectRoot, process.env.GOLDEN_DIR ?? '../shared/golden');
}

export function loadGolden<C = GoldenCase>(file: string): GoldenFile<C> {
  const path = resolve(goldenDir(), file);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile<C>;
  if (!Array.isArray(parsed.cases) || parsed.cases.length === 0) {
    throw new Error(`golden file ${path} has no cases`);
  }
  return parsed;
}

/** Decodes the file's encodings: null → NaN, "Infinity"/"-Infinity" → ±Infinity. */
export function num(value: unknown): number {
  if (value === null) return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value !== 'number') throw new TypeError(`expected a number, got ${JSON.stringify(value)}`);
  return value;
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Null if `got` matches `expected` within |got − exp| ≤ atol + rtol·|exp|, otherwise a message.
 * NaN/null must match NaN/null and infinities must match exactly.
 */
export function mismatch(got: number | null | undefined, expected: unknown, tol: Tolerance): string | null {
  const exp = num(expected);
  const g = got === null || got === undefined ? Number.NaN : got;
  if (Number.isNaN(exp) || Number.isNaN(g)) {
    return Number.isNaN(exp) && Number.isNaN(g) ? null : `got ${g}, expected ${exp}`;
  }
  if (!Number.isFinite(exp) || !Number.isFinite(g)) return g === exp ? null : `got ${g}, expected ${exp}`;
  const diff = Math.abs(g - exp);
  return diff <= tol.atol + tol.rtol * Math.abs(exp)
    ? null
    : `got ${g}, expected ${exp} (diff ${diff.toExponential(2)})`;
}

/** Collects every mismatch of an array (with index) so a failing case reports all of them. */
export function arrayMismatches(
  label: string,
  got: ArrayLike<number | null>,
  expected: readonly unknown[],
  tol: Tolerance,
): string[] {
  const problems: string[] = [];
  if (got.length !== expected.length) {
    return [`${label}: length ${got.length}, expected ${expected.length}`];
  }
  for (let i = 0; i < expected.length; i++) {
    const m = mismatch(got[i], expected[i], tol);
    if (m) problems.push(`${label}[${i}]: ${m}`);
  }
  return problems;
}
