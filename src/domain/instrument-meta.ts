// What an exchange says about an instrument (tick size, step size, assets, trading status) and the
// display precision of its prices. Instruments without exchange data (simulated, uploaded) get their
// precision from the prices they carry.

export const MAX_PRICE_DECIMALS = 8;

export interface InstrumentMeta {
  instrument: string;
  /** Smallest price increment; null when unknown. */
  tickSize: number | null;
  /** Smallest quantity increment; null when unknown. */
  stepSize: number | null;
  baseAsset: string | null;
  quoteAsset: string | null;
  /** The exchange's status (`TRADING`, `HALT`, `BREAK`, `END_OF_DAY`, …); null when unknown. */
  status: string | null;
  /** Decimals to show prices with: those of the tick size, else the most the stored prices carry (capped). */
  priceDecimals: number;
  /** `exchange`: from the exchange's instrument list; `inferred`: from stored prices. */
  source: 'exchange' | 'inferred';
  /** Epoch ms the exchange data was fetched (or the inference made). */
  updatedAt: number;
}

/** Decimals of an exchange's decimal string, trailing zeros ignored: `"0.01000000"` → 2, `"1.00"` → 0. */
export function decimalsOfText(text: string): number {
  const fraction = text.trim().split('.')[1] ?? '';
  return Math.min(MAX_PRICE_DECIMALS, fraction.replace(/0+$/, '').length);
}

/** Decimals a price carries, tolerant of binary floating-point noise (0.1 + 0.2 has 1); capped. */
export function decimalsOfPrice(price: number): number {
  if (!Number.isFinite(price)) return 0;
  for (let decimals = 0; decimals < MAX_PRICE_DECIMALS; decimals++) {
    const scaled = price * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) <= Math.abs(scaled) * 1e-13 + 1e-9) return decimals;
  }
  return MAX_PRICE_DECIMALS;
}

/** The most decimals any of `prices` carries (0 for none). */
export function inferPriceDecimals(prices: Iterable<number>): number {
  let decimals = 0;
  for (const price of prices) {
    decimals = Math.max(decimals, decimalsOfPrice(price));
    if (decimals === MAX_PRICE_DECIMALS) break;
  }
  return decimals;
}

/** Whether new alerts or pairs on this instrument can expect trades: unknown status counts as trading. */
export function isTrading(meta: Pick<InstrumentMeta, 'status'> | undefined): boolean {
  return meta?.status === null || meta?.status === undefined || meta.status === 'TRADING';
}
