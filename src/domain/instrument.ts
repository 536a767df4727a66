// Instrument ids are `venue:SYMBOL` (e.g. `binance:BTCUSDT`, `sim:AAA`, `csv:MYDATA`); the API also
// accepts a bare symbol for the default venue. `csv` holds bars a user uploaded from a file.

export const VENUES = ['binance', 'binance-futures', 'sim', 'csv'] as const;
export type Venue = (typeof VENUES)[number];

/** `venue:SYMBOL`, for example `binance:BTCUSDT`. */
export type InstrumentId = string;

export interface InstrumentParts {
  venue: Venue;
  symbol: string;
}

const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;

export class InvalidInstrumentError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid instrument "${input}": ${reason}`);
    this.name = 'InvalidInstrumentError';
  }
}

/** Parses `venue:SYMBOL` or a bare `SYMBOL` (taken on `defaultVenue`); symbols are upper-cased. */
export function parseInstrumentId(input: string, defaultVenue: Venue = 'binance'): InstrumentParts {
  const trimmed = input.trim();
  const colon = trimmed.lastIndexOf(':');
  const venue = colon === -1 ? defaultVenue : trimmed.slice(0, colon);
  const symbol = (colon === -1 ? trimmed : trimmed.slice(colon + 1)).toUpperCase();
  if (!(VENUES as readonly string[]).includes(venue)) {
    throw new InvalidInstrumentError(input, `unknown venue "${venue}", allowed: ${VENUES.join(', ')}`);
  }
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw new InvalidInstrumentError(input, 'symbol must be 2-30 letters or digits, e.g. BTCUSDT');
  }
  return { venue: venue as Venue, symbol };
}

/** Canonical `venue:SYMBOL` form of an instrument given with or without its venue. */
export function normalizeInstrumentId(input: string, defaultVenue: Venue = 'binance'): InstrumentId {
  const { venue, symbol } = parseInstrumentId(input, defaultVenue);
  return instrumentId(venue, symbol);
}

export function instrumentId(venue: Venue, symbol: string): InstrumentId {
  return `${venue}:${symbol.toUpperCase()}`;
}
