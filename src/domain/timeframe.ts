// Timeframes and UTC bucket math. Buckets are [start, start + size), labelled by their start,
// aligned to the Unix epoch, so 1d starts at 00:00 UTC and 4h at 00/04/08/... UTC.

export const TIMEFRAMES = ['1s', '1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

export function parseTimeframe(value: string): Timeframe {
  if (!isTimeframe(value)) {
    throw new RangeError(`invalid timeframe "${value}", allowed: ${TIMEFRAMES.join(', ')}`);
  }
  return value;
}

/** Start (epoch ms) of the bucket that contains `ts`. Works for fractional and negative ts. */
export function bucketStart(ts: number, timeframe: Timeframe): number {
  const size = TIMEFRAME_MS[timeframe];
  return Math.floor(ts / size) * size;
}

/** First millisecond after the bucket that starts at `start`. */
export function bucketEnd(start: number, timeframe: Timeframe): number {
  return start + TIMEFRAME_MS[timeframe];
}
