// What a data.binance.vision file name says about its contents: `BTCUSDT-trades-2024-08-01.zip`,
// `BTCUSDT-aggTrades-2024-08.zip`, `AVAXUSDT-1m-2023-02.csv`. The venue is not in the name (spot and
// USD-M files are named alike); only the download path (`…/futures/um/…`, `…/spot/…`) tells it.
import type { BinanceVenue } from '../endpoints.js';

export const DUMP_KINDS = ['trades', 'aggTrades', 'klines'] as const;
export type DumpKind = (typeof DUMP_KINDS)[number];

export interface DumpFileName {
  symbol: string;
  kind: DumpKind;
  /** Kline interval as Binance spells it (`1m`, `1h`, `1mo`); absent for trades. */
  interval?: string;
  /** `YYYY-MM-DD` (daily file) or `YYYY-MM` (monthly file). */
  period: string;
}

const NAME = /^([A-Z0-9]{2,30})-(trades|aggTrades|\d+(?:s|m|h|d|w|mo))-(\d{4}-\d{2}(?:-\d{2})?)\.(?:csv|zip)$/;

/** The Binance name's parts, or null for any other name. */
export function parseDumpFileName(path: string): DumpFileName | null {
  const base = path.split(/[\\/]/).pop() ?? '';
  const match = NAME.exec(base);
  if (match === null) return null;
  const [, symbol, kindOrInterval, period] = match;
  if (kindOrInterval === 'trades' || kindOrInterval === 'aggTrades') return { symbol, kind: kindOrInterval, period };
  return { symbol, kind: 'klines', interval: kindOrInterval, period };
}

/** The venue the download path names (`futures/um` or a `um` folder, `spot`), null when it names none. */
export function venueFromPath(path: string): BinanceVenue | null {
  const folders = path.split(/[\\/]/).slice(0, -1);
  if (folders.includes('um') || folders.includes('futures')) return 'binance-futures';
  if (folders.includes('spot')) return 'binance';
  return null;
}
