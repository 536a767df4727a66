import { describe, expect, it } from 'vitest';
import type { ScanRow } from '../api/analytics-types.ts';
import { sortScanRows } from './scan-sort.ts';

function row(y: string, pValue: number | null, halfLife: number | null, correlation: number | null): ScanRow {
  return { rank: 0, x: 'a:X', y, pValue, stat: null, hedgeRatio: 1, intercept: 0, halfLife, correlation, error: null };
}

const rows = [
  row('a:B', 0.3, 12, 0.2),
  row('a:C', 0.01, -4, -0.9),
  row('a:D', null, null, null),
  row('a:E', 0.04, 3, 0.5),
];

describe('sortScanRows', () => {
  it('ranks by p-value either way with missing values last', () => {
    expect(sortScanRows(rows, { key: 'pValue', ascending: true }).map((r) => r.y)).toEqual([
      'a:C',
      'a:E',
      'a:B',
      'a:D',
    ]);
    expect(sortScanRows(rows, { key: 'pValue', ascending: false }).map((r) => r.y)).toEqual([
      'a:B',
      'a:E',
      'a:C',
      'a:D',
    ]);
  });

  it('sorts correlation by strength and leaves non-reverting half-lives out of the order', () => {
    expect(sortScanRows(rows, { key: 'correlation', ascending: true }).map((r) => r.y)).toEqual([
      'a:C',
      'a:E',
      'a:B',
      'a:D',
    ]);
    expect(sortScanRows(rows, { key: 'halfLife', ascending: true }).map((r) => r.y)).toEqual([
      'a:E',
      'a:B',
      'a:C',
      'a:D',
    ]);
  });
});
