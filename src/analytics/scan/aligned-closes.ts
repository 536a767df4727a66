// The latest closes of several instruments on common bucket starts (the pair aligner with N
// legs), for the correlation matrix and the pair scanner. Instruments without stored bars are
// reported apart instead of emptying the alignment.
import type { InstrumentId, Timeframe } from '../../domain/index.js';
import { alignLegs, carriedCounts } from '../align/bucket-aligner.js';
import type { BarHistory } from '../live/ports.js';

export interface AlignedCloses {
  /** Instruments with data, in the order asked. */
  instruments: InstrumentId[];
  /** Instruments that have no stored bar on this timeframe. */
  missing: InstrumentId[];
  /** Bucket starts, ascending. */
  starts: number[];
  /** closes[i][t]: close of instruments[i] at starts[t] (carried forward where it had no bar). */
  closes: Float64Array[];
  /** Points where each instrument's close was carried. */
  carried: number[];
}

/** The last `count` aligned buckets (fewer when the history is shorter). */
export async function readAlignedCloses(
  store: BarHistory,
  instruments: readonly InstrumentId[],
  timeframe: Timeframe,
  count: number,
): Promise<AlignedCloses> {
  await store.flush();
  // Each leg's latest `count` bars give at least `count` aligned buckets after the latest first bar.
  const bars = await Promise.all(
    instruments.map((instrument) => store.readBars({ instrument, timeframe, limit: count })),
  );
  const present = instruments.filter((_, i) => bars[i].length > 0);
  // No leg with bars (a timeframe nothing has closed on yet) aligns to no bucket.
  const points = present.length === 0 ? [] : alignLegs(bars.filter((b) => b.length > 0)).slice(-count);
  return {
    instruments: present,
    missing: instruments.filter((_, i) => bars[i].length === 0),
    starts: points.map((p) => p.start),
    closes: present.map((_, leg) => Float64Array.from(points, (p) => p.closes[leg])),
    carried: carriedCounts(points, present.length),
  };
}
