// Checks, with SQL over a database file no process holds, that every stored bar equals the
// stored ticks of its bucket: what a crash must never break (issue #15).
import { DuckDBInstance } from '@duckdb/node-api';
import { TIMEFRAME_MS, type Timeframe } from '../../src/domain/index.js';

export interface BarTickMismatch {
  instrument: string;
  timeframe: string;
  start: number;
  barTrades: number | null;
  tickTrades: number | null;
  barVolume: number | null;
  tickVolume: number | null;
}

export interface BarTickReport {
  ticks: number;
  /** Bars compared, per timeframe. */
  bars: Record<string, number>;
  /** Buckets whose bar is missing, or whose trade count or volume differs from its ticks. */
  mismatches: BarTickMismatch[];
}

/** Volumes are sums of doubles; the bar builder adds in trade order, SQL in any order. */
const RELATIVE_VOLUME_TOLERANCE = 1e-9;

export async function compareBarsWithTicks(path: string, timeframes: readonly Timeframe[]): Promise<BarTickReport> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const [[ticks]] = (await connection.runAndReadAll('SELECT count(*)::DOUBLE FROM ticks')).getRows() as number[][];
    const bars: Record<string, number> = {};
    const mismatches: BarTickMismatch[] = [];
    for (const timeframe of timeframes) {
      const sizeUs = TIMEFRAME_MS[timeframe] * 1000;
      const rows = (
        await connection.runAndReadAll(
          `WITH t AS (
             SELECT instrument, epoch_us(ts) // ${sizeUs} * ${sizeUs} AS start_us,
               count(*) AS trades, sum(qty) AS volume
             FROM ticks GROUP BY ALL
           ), b AS (
             SELECT instrument, epoch_us(start) AS start_us, trades, volume FROM bars WHERE timeframe = $timeframe
           )
           SELECT coalesce(t.instrument, b.instrument), coalesce(t.start_us, b.start_us)::DOUBLE / 1000,
             b.trades::DOUBLE, t.trades::DOUBLE, b.volume, t.volume, (b.instrument IS NOT NULL)
           FROM t FULL OUTER JOIN b ON b.instrument = t.instrument AND b.start_us = t.start_us
           ORDER BY 1, 2`,
          { timeframe },
        )
      ).getRows() as [string, number, number | null, number | null, number | null, number | null, boolean][];
      bars[timeframe] = rows.filter((row) => row[6]).length;
      for (const [instrument, start, barTrades, tickTrades, barVolume, tickVolume] of rows) {
        // Bars without ticks behind them (kline history) are not the ticks' to judge.
        if (tickTrades === null) continue;
        const volumeOff =
          barVolume === null ||
          tickVolume === null ||
          Math.abs(barVolume - tickVolume) > RELATIVE_VOLUME_TOLERANCE * Math.abs(tickVolume);
        if (barTrades !== tickTrades || volumeOff) {
          mismatches.push({ instrument, timeframe, start, barTrades, tickTrades, barVolume, tickVolume });
        }
      }
    }
    connection.closeSync();
    return { ticks, bars, mismatches };
  } finally {
    instance.closeSync();
  }
}
