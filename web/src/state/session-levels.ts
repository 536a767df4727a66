// The price levels drawn over the selected session's candles: its Initial Balance high and low,
// and each extension level of the profile above the high and below the low, in IB ranges.
import type { SessionRow } from '../api/sessions-api.ts';

export interface SessionLevel {
  /** What the line is called on the chart and in the legend. */
  title: string;
  price: number;
  kind: 'ib' | 'extension-up' | 'extension-down';
}

export function sessionLevels(
  row: Pick<SessionRow, 'ibHigh' | 'ibLow' | 'ibRange'>,
  extensionLevels: readonly number[],
): SessionLevel[] {
  const levels: SessionLevel[] = [
    { title: 'IB high', price: row.ibHigh, kind: 'ib' },
    { title: 'IB low', price: row.ibLow, kind: 'ib' },
  ];
  // A flat IB has no range to measure extensions in (their statistics are null too).
  if (!(row.ibRange > 0)) return levels;
  for (const level of extensionLevels) {
    levels.push({ title: `+${level} IB`, price: row.ibHigh + level * row.ibRange, kind: 'extension-up' });
    levels.push({ title: `−${level} IB`, price: row.ibLow - level * row.ibRange, kind: 'extension-down' });
  }
  return levels;
}
