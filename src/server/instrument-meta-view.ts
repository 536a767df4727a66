// The metadata /api/v1/instruments serves per instrument: the exchange's (stored by the live source
// and backfill) or, for instruments without it (simulated, uploaded), a price precision inferred
// once from the stored prices and kept for the life of the server.
import { inferPriceDecimals, isTrading, TIMEFRAMES, type InstrumentId, type InstrumentMeta } from '../domain/index.js';
import type { Store } from '../store/store.js';

/** Enough prices to see an instrument's tick size, few enough to read in a millisecond or two. */
const SAMPLE = 1000;

export interface InstrumentMetaFields {
  tickSize: number | null;
  stepSize: number | null;
  baseAsset: string | null;
  quoteAsset: string | null;
  status: string | null;
  trading: boolean;
  priceDecimals: number | null;
  metaSource: InstrumentMeta['source'] | null;
}

export class InstrumentMetaView {
  private readonly inferred = new Map<InstrumentId, InstrumentMeta>();

  constructor(private readonly store: Store) {}

  /** Metadata of every instrument in `ids` (unknown fields null when nothing is stored or inferable). */
  async fieldsOf(ids: readonly InstrumentId[]): Promise<Map<InstrumentId, InstrumentMetaFields>> {
    const stored = new Map((await this.store.instrumentMeta()).map((m) => [m.instrument, m]));
    const fields = new Map<InstrumentId, InstrumentMetaFields>();
    for (const id of ids) {
      const meta = stored.get(id) ?? (await this.infer(id));
      fields.set(id, {
        tickSize: meta?.tickSize ?? null,
        stepSize: meta?.stepSize ?? null,
        baseAsset: meta?.baseAsset ?? null,
        quoteAsset: meta?.quoteAsset ?? null,
        status: meta?.status ?? null,
        trading: isTrading(meta),
        priceDecimals: meta?.priceDecimals ?? null,
        metaSource: meta?.source ?? null,
      });
    }
    return fields;
  }

  /** The stored meta of one instrument, if the exchange gave one. */
  async exchangeMeta(id: InstrumentId): Promise<InstrumentMeta | undefined> {
    return (await this.store.instrumentMeta()).find((m) => m.instrument === id);
  }

  private async infer(id: InstrumentId): Promise<InstrumentMeta | undefined> {
    const known = this.inferred.get(id);
    if (known !== undefined) return known;
    let prices = (await this.store.readTicks({ instrument: id, limit: SAMPLE })).map((t) => t.price);
    for (const timeframe of TIMEFRAMES) {
      if (prices.length > 0) break;
      const bars = await this.store.readBars({ instrument: id, timeframe, limit: SAMPLE });
      prices = bars.flatMap((b) => [b.open, b.high, b.low, b.close]);
    }
    if (prices.length === 0) return undefined;
    const meta: InstrumentMeta = {
      instrument: id,
      tickSize: null,
      stepSize: null,
      baseAsset: null,
      quoteAsset: null,
      status: null,
      priceDecimals: inferPriceDecimals(prices),
      source: 'inferred',
      updatedAt: Date.now(),
    };
    this.inferred.set(id, meta);
    return meta;
  }
}

/**
 * An RFC 9111-style `Warning` header value when an exchange reports one of `ids` as not trading: a
 * rule or pair on it is still created (a halt is usually temporary) but will not update until it
 * trades again, which the caller should know. Undefined when all trade or nothing is known.
 */
export async function notTradingWarning(
  store: Pick<Store, 'instrumentMeta'>,
  ids: readonly InstrumentId[],
): Promise<string | undefined> {
  const metas = await store.instrumentMeta();
  const halted = metas.filter((m) => ids.includes(m.instrument) && !isTrading(m));
  if (halted.length === 0) return undefined;
  const list = halted.map((m) => `${m.instrument} (${m.status})`).join(', ');
  return `199 tickscope "not trading on the exchange: ${list}; no new bars until it trades again"`;
}
