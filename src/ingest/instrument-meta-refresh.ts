// Fetches Binance's instrument metadata (tick size, step size, assets, status) for watched or
// backfilled instruments and stores it. Best effort: an exchange that cannot be reached leaves the
// stored metadata as it was and is logged, never fails the start or a backfill.
import { parseInstrumentId, type InstrumentId, type InstrumentMeta } from '../domain/index.js';
import type { Logger } from '../domain/logger.js';
import { instrumentMetaFromExchangeInfo } from '../sources/binance/instrument-meta.js';
import type { ExchangeInfo } from '../sources/binance/rest-client.js';
import type { Store } from '../store/store.js';

export interface ExchangeInfoClient {
  exchangeInfo(symbols?: readonly string[]): Promise<ExchangeInfo>;
}

/** Fetches and stores the metadata of `instruments` (all on `venue`); returns what was stored. */
export async function refreshInstrumentMeta(
  client: ExchangeInfoClient,
  venue: string,
  instruments: readonly InstrumentId[],
  store: Pick<Store, 'saveInstrumentMeta'>,
  logger: Logger,
  now: () => number = Date.now,
): Promise<InstrumentMeta[]> {
  const symbols = instruments.map((id) => parseInstrumentId(id).symbol);
  if (symbols.length === 0) return [];
  try {
    const metas = instrumentMetaFromExchangeInfo(venue, await client.exchangeInfo(symbols), now());
    await store.saveInstrumentMeta(metas);
    for (const meta of metas) {
      if (meta.status !== 'TRADING')
        logger.warn(
          { instrument: meta.instrument, status: meta.status },
          'the exchange says this instrument is not trading',
        );
    }
    return metas;
  } catch (error) {
    logger.warn({ err: error, venue, symbols }, 'instrument metadata (tick size, status) could not be fetched');
    return [];
  }
}
