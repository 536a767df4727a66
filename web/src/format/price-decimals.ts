// Price decimals an instrument is known to have from its exchange's tick size (GET /instruments):
// charts show at least these, so a round BTC price still reads 67,000.00. Inferred decimals are
// left to the chart, which reads them from the bars it draws (state/price-precision.ts).
import type { Instrument, InstrumentId } from '../api/types.ts';

export function exchangeTickDecimals(instruments: readonly Instrument[] | null, id: InstrumentId): number | undefined {
  const instrument = instruments?.find((i) => i.id === id);
  return instrument?.metaSource === 'exchange' && instrument.priceDecimals !== null
    ? instrument.priceDecimals
    : undefined;
}
