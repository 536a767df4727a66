// Sorting of the pair scanner's rows. Correlation sorts by strength (|ρ|), half-life ignores
// non-reverting pairs, and rows without a value go last whichever the direction.
import type { ScanRow } from '../api/analytics-types.ts';

export type ScanSortKey = 'pair' | 'pValue' | 'stat' | 'hedgeRatio' | 'halfLife' | 'correlation';

export interface ScanSortState {
  key: ScanSortKey;
  ascending: boolean;
}

function sortValue(row: ScanRow, key: ScanSortKey): number | string | null {
  if (key === 'pair') return `${row.y} ${row.x}`;
  if (key === 'halfLife') return row.halfLife !== null && row.halfLife > 0 ? row.halfLife : null;
  if (key === 'correlation') return row.correlation === null ? null : -Math.abs(row.correlation);
  return row[key];
}

export function sortScanRows(rows: readonly ScanRow[], sort: ScanSortState): ScanRow[] {
  return [...rows].sort((a, b) => {
    const left = sortValue(a, sort.key);
    const right = sortValue(b, sort.key);
    if (left === null || right === null) return left === null ? (right === null ? 0 : 1) : -1;
    const order = left < right ? -1 : left > right ? 1 : 0;
    return sort.ascending ? order : -order;
  });
}
