// Test helper: compares a computed result with a golden case's `expected` object key by key.
// Every expected key must have a computed counterpart, so a key the implementation does not
// know about fails the test instead of being skipped silently. The number comparisons are
// injected (test/golden/golden.ts) because src/ must not import from test/ when it is built.

export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface Comparators {
  mismatch(got: number | null | undefined, expected: unknown, tol: Tolerance): string | null;
  arrayMismatches(label: string, got: ArrayLike<number | null>, expected: readonly unknown[], tol: Tolerance): string[];
}

export type Computed = number | null | readonly (number | null)[] | { readonly [key: string]: Computed };

/** Tolerance for the value at `path` (e.g. "macd.signal"); undefined means "no rule: fail". */
export type ToleranceRule = (path: string) => Tolerance | undefined;

export function compareToExpected(
  compare: Comparators,
  expected: unknown,
  got: Computed | undefined,
  rule: ToleranceRule,
  path = '',
): string[] {
  const label = path === '' ? '(root)' : path;
  if (got === undefined) return [`${label}: expected key has no computed value (unknown key)`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return [`${label}: expected an array`];
    const tol = rule(path);
    if (!tol) return [`${label}: no tolerance rule for this key`];
    return compare.arrayMismatches(label, got as (number | null)[], expected, tol);
  }
  if (expected !== null && typeof expected === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return [`${label}: expected an object`];
    const problems: string[] = [];
    for (const [key, value] of Object.entries(expected)) {
      const child = Object.hasOwn(got, key) ? (got as { readonly [key: string]: Computed })[key] : undefined;
      problems.push(...compareToExpected(compare, value, child, rule, path === '' ? key : `${path}.${key}`));
    }
    return problems;
  }
  if (Array.isArray(got) || (got !== null && typeof got === 'object')) return [`${label}: expected a scalar`];
  const tol = rule(path);
  if (!tol) return [`${label}: no tolerance rule for this key`];
  const m = compare.mismatch(got, expected, tol);
  return m ? [`${label}: ${m}`] : [];
}
