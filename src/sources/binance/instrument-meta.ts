// Instrument metadata from Binance `exchangeInfo` (spot /api/v3, USD-M /fapi/v1; spec §3.4): tick
// size from PRICE_FILTER, step size from LOT_SIZE, assets and status. Prices show with the decimals
// of the tick size ("0.01000000" → 2).
import { decimalsOfText, type InstrumentMeta } from '../../domain/index.js';
import type { ExchangeInfo, ExchangeInfoSymbol } from './rest-client.js';

function filterValue(symbol: ExchangeInfoSymbol, filterType: string, field: string): string | null {
  const value = symbol.filters.find((f) => f.filterType === filterType)?.[field];
  return typeof value === 'string' && Number(value) > 0 ? value : null;
}

/** One InstrumentMeta per symbol of the answer, ids on `venue` (`binance` or `binance-futures`). */
export function instrumentMetaFromExchangeInfo(venue: string, info: ExchangeInfo, now: number): InstrumentMeta[] {
  return info.symbols.map((symbol) => {
    const tickSize = filterValue(symbol, 'PRICE_FILTER', 'tickSize');
    const stepSize = filterValue(symbol, 'LOT_SIZE', 'stepSize');
    return {
      instrument: `${venue}:${symbol.symbol}`,
      tickSize: tickSize === null ? null : Number(tickSize),
      stepSize: stepSize === null ? null : Number(stepSize),
      baseAsset: symbol.baseAsset ?? null,
      quoteAsset: symbol.quoteAsset ?? null,
      status: symbol.status ?? null,
      priceDecimals: tickSize === null ? 8 : decimalsOfText(tickSize),
      source: 'exchange',
      updatedAt: now,
    };
  });
}
