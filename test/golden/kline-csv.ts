// The real Binance kline CSVs the reference vectors name (relative to the shared folder, beside the
// golden directory), read as 1m bars. Kept minimal on purpose: the product's own kline import is
// tested on its own; these tests need the same bars the reference saw.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Bar, InstrumentId } from '../../src/domain/index.js';
import { goldenDir } from './golden.js';

/** Rows of `relative` (header row skipped, open_time in ms) as 1m bars of `instrument`. */
export function readKlineCsv(relative: string, instrument: InstrumentId = 'binance-futures:AVAXUSDT'): Bar[] {
  const text = readFileSync(resolve(goldenDir(), '..', relative), 'utf8');
  const bars: Bar[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split(',');
    if (cells.length < 11 || !/^\d+$/.test(cells[0])) continue;
    const volume = Number(cells[5]);
    const quoteVolume = Number(cells[7]);
    bars.push({
      instrument,
      timeframe: '1m',
      start: Number(cells[0]),
      open: Number(cells[1]),
      high: Number(cells[2]),
      low: Number(cells[3]),
      close: Number(cells[4]),
      volume,
      quoteVolume,
      trades: Number(cells[8]),
      buyVolume: Number(cells[9]),
      vwap: volume > 0 ? quoteVolume / volume : Number(cells[4]),
    });
  }
  return bars;
}
