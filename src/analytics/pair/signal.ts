// The mean-reversion signal read off the spread's z-score.

export const SIGNALS = ['short_spread', 'long_spread', 'exit', 'hold'] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * short_spread when z ≥ entry (the spread is rich: sell y, buy β·x), long_spread when z ≤ −entry,
 * exit when |z| ≤ exit, otherwise hold; null without a z-score.
 */
export function signalOf(zscore: number | null, entry: number, exit: number): Signal | null {
  if (zscore === null) return null;
  if (zscore >= entry) return 'short_spread';
  if (zscore <= -entry) return 'long_spread';
  if (Math.abs(zscore) <= exit) return 'exit';
  return 'hold';
}
