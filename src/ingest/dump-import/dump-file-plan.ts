// What one dump file is, decided before any row is stored: kind, venue, symbol and kline interval
// from the Binance file name, the download path and the first line, each overridable by a flag,
// and where each answer came from so that the summary can say it (the venue is never in the name).
import { instrumentId, isTimeframe, TIMEFRAMES, type InstrumentId, type Timeframe } from '../../domain/index.js';
import type { BinanceVenue } from '../../sources/binance/endpoints.js';
import {
  DUMP_KINDS,
  parseDumpFileName,
  venueFromPath,
  type DumpKind,
} from '../../sources/binance/dump/dump-file-name.js';
import { detectLayout, type DumpLayout } from '../../sources/binance/dump/dump-rows.js';

export interface DumpFlags {
  venue?: BinanceVenue;
  symbol?: string;
  kind?: DumpKind;
  interval?: Timeframe;
}

export type VenueSource = 'flag' | 'path' | 'columns' | 'default';

export interface DumpFilePlan {
  file: string;
  kind: DumpKind;
  venue: BinanceVenue;
  venueFrom: VenueSource;
  symbol: string;
  instrument: InstrumentId;
  /** Kline interval; absent for trades. */
  interval?: Timeframe;
  layout: DumpLayout;
}

/** A file the importer cannot place: the message says which flag would settle it. */
export class DumpPlanError extends Error {
  override name = 'DumpPlanError';
}

const SYMBOL = /^[A-Z0-9]{2,30}$/;

/** Whether `file` looks like a Binance dump by its name (callers send other CSVs to the generic importer). */
export function isBinanceDumpName(file: string): boolean {
  return parseDumpFileName(file) !== null;
}

export function planDumpFile(file: string, firstLine: string, flags: DumpFlags): DumpFilePlan {
  const named = parseDumpFileName(file);
  const kind = flags.kind ?? named?.kind;
  if (kind === undefined) {
    throw new DumpPlanError(
      `${file}: not a Binance dump name (SYMBOL-trades-DATE, SYMBOL-aggTrades-DATE, SYMBOL-1m-DATE); ` +
        `give --kind ${DUMP_KINDS.join('|')} and --symbol`,
    );
  }
  const symbol = (flags.symbol ?? named?.symbol)?.toUpperCase();
  if (symbol === undefined) throw new DumpPlanError(`${file}: the name has no symbol; give --symbol, e.g. BTCUSDT`);
  if (!SYMBOL.test(symbol)) {
    throw new DumpPlanError(`${file}: symbol "${symbol}" must be 2-30 letters or digits, e.g. BTCUSDT`);
  }
  let interval: Timeframe | undefined;
  if (kind === 'klines') {
    const given = flags.interval ?? named?.interval;
    if (given === undefined) throw new DumpPlanError(`${file}: klines need an interval; give --interval, e.g. 1m`);
    if (!isTimeframe(given)) {
      throw new DumpPlanError(
        `${file}: kline interval ${given} is not a timeframe tickscope keeps; allowed: ${TIMEFRAMES.join(', ')}`,
      );
    }
    interval = given;
  }
  const layout = detectLayout(kind, firstLine);
  const fromPath = venueFromPath(file);
  const [venue, venueFrom]: [BinanceVenue, VenueSource] =
    flags.venue !== undefined
      ? [flags.venue, 'flag']
      : fromPath !== null
        ? [fromPath, 'path']
        : layout.venue !== null
          ? [layout.venue, 'columns']
          : ['binance', 'default'];
  return { file, kind, venue, venueFrom, symbol, instrument: instrumentId(venue, symbol), interval, layout };
}
