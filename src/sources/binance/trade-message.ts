// Parses Binance trade frames (spot and USD-M `@trade`, raw or combined-stream wrapped) into
// ticks. Trade frames are the hot path of ingestion, so they are read by a field scanner that
// is several times faster than JSON.parse; anything it does not recognise exactly falls back to
// JSON.parse with full validation, so odd but valid frames still parse and garbage is reported.
import type { Tick, Venue } from '../../domain/index.js';
import { instrumentId } from '../../domain/index.js';

export type ParsedFrame =
  | { kind: 'trade'; tick: Tick; eventTime: number }
  /** A trade that does not belong in bars (USD-M insurance-fund/ADL prints); its id still counts. */
  | { kind: 'excluded-trade'; instrument: string; id: number; tradeType: string }
  | { kind: 'other'; stream: string | null }
  | { kind: 'error'; reason: string };

/** Binance µs timestamps (timeUnit=MICROSECOND) are 16 digits; ms ones are 13. */
const MICROSECOND_THRESHOLD = 1e14;

function toMs(time: number): number {
  return time > MICROSECOND_THRESHOLD ? time / 1000 : time;
}

/** Splits an optional leading receive timestamp (ns, µs or ms digits and a space) off a recorded line. */
export function splitRecordedLine(line: string): { receivedAt: number | undefined; frame: string } {
  const first = line.charCodeAt(0);
  if (first < 48 || first > 57) return { receivedAt: undefined, frame: line };
  const space = line.indexOf(' ');
  if (space === -1) return { receivedAt: undefined, frame: line };
  const digits = line.slice(0, space);
  if (!/^\d{10,19}$/.test(digits)) return { receivedAt: undefined, frame: line };
  // 19 digits: ns, 16: µs, 13: ms; anything else is taken as seconds.
  const scale = digits.length >= 19 ? 1e-6 : digits.length >= 16 ? 1e-3 : digits.length >= 13 ? 1 : 1000;
  return { receivedAt: Number(digits) * scale, frame: line.slice(space + 1) };
}

function stringField(text: string, key: string, from: number): string | undefined {
  const at = text.indexOf(key, from);
  if (at === -1) return undefined;
  const start = at + key.length;
  const end = text.indexOf('"', start);
  return end === -1 ? undefined : text.slice(start, end);
}

/** A non-negative JSON integer at `at` (ids and times), NaN when it is not one. */
function integerAt(text: string, at: number): number {
  if (at < 0) return Number.NaN;
  let value = 0;
  let i = at;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  const next = text.charCodeAt(i);
  return i === at || i - at > 16 || (next !== 44 && next !== 125) ? Number.NaN : value; // ',' or '}'
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * A plain decimal string value ("61837.63000000") at `at`, just after its opening quote. The
 * digits form an integer below 2^53 and the scale is an exact power of ten, so one IEEE
 * division gives the correctly rounded value, the same double as Number(). Anything else
 * (exponents, signs, too many digits) gives NaN and the frame takes the JSON.parse path.
 */
function decimalAt(text: string, at: number): number {
  if (at < 0) return Number.NaN;
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  let i = at;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (scale !== -1) return Number.NaN;
      scale = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) break;
    if (scale !== -1) scale++;
    mantissa = mantissa * 10 + d;
    digits++;
  }
  // closing '"'
  if (text.charCodeAt(i) !== 34 || digits === 0 || mantissa > Number.MAX_SAFE_INTEGER || scale > 16) return Number.NaN;
  return scale <= 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
}

const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;
/** Instrument ids by venue and symbol: symbols repeat on every frame, so they are validated once. */
const instrumentIds: Record<Venue, Map<string, string>> = {
  binance: new Map(),
  'binance-futures': new Map(),
  sim: new Map(),
  csv: new Map(),
};

function instrumentFor(venue: Venue, symbol: string): string | undefined {
  const cache = instrumentIds[venue];
  let id = cache.get(symbol);
  if (id === undefined) {
    if (!SYMBOL_PATTERN.test(symbol) || cache.size > 100_000) return undefined;
    id = instrumentId(venue, symbol);
    cache.set(symbol, id);
  }
  return id;
}

function makeTick(
  venue: Venue,
  symbol: string,
  id: number,
  time: number,
  price: number,
  qty: number,
  buyerMaker: boolean,
  receivedAt: number | undefined,
): Tick | string {
  const instrument = instrumentFor(venue, symbol);
  if (instrument === undefined) return `field "s": invalid symbol ${JSON.stringify(symbol)}`;
  if (!Number.isSafeInteger(id) || id < 0) return `field "t": trade id must be a non-negative integer`;
  if (!Number.isFinite(time) || time <= 0) return `field "T": trade time must be a positive number`;
  if (!Number.isFinite(price) || price <= 0) return `field "p": price must be a positive decimal string`;
  if (!Number.isFinite(qty) || qty < 0) return `field "q": quantity must be a non-negative decimal string`;
  const tick: Tick = { instrument, id, ts: toMs(time), price, qty, buyerMaker };
  if (receivedAt !== undefined) tick.receivedAt = receivedAt;
  return tick;
}

/**
 * Finds `key` after `cursor` (fields usually come in the documented order, so the whole frame
 * is scanned about once), else anywhere in the payload. Returns the position after the key.
 */
function seek(text: string, key: string, cursor: number, from: number): number {
  let at = text.indexOf(key, cursor);
  if (at === -1 && cursor > from) at = text.indexOf(key, from);
  return at === -1 ? -1 : at + key.length;
}

function fastTrade(text: string, venue: Venue, receivedAt: number | undefined): ParsedFrame | undefined {
  const dataAt = text.indexOf('"data":');
  const from = dataAt === -1 ? 0 : dataAt;
  const eventAt = seek(text, '"E":', from, from);
  const symbolAt = seek(text, '"s":"', eventAt > 0 ? eventAt : from, from);
  const symbolEnd = symbolAt === -1 ? -1 : text.indexOf('"', symbolAt);
  if (symbolEnd === -1) return undefined;
  const idAt = seek(text, '"t":', symbolEnd, from);
  const priceAt = seek(text, '"p":"', idAt > 0 ? idAt : from, from);
  const qtyAt = seek(text, '"q":"', priceAt > 0 ? priceAt : from, from);
  const timeAt = seek(text, '"T":', qtyAt > 0 ? qtyAt : from, from);
  const makerAt = seek(text, '"m":', qtyAt > 0 ? qtyAt : from, from);
  if (makerAt === -1) return undefined;
  const makerChar = text.charCodeAt(makerAt);
  if (makerChar !== 116 && makerChar !== 102) return undefined; // 't' | 'f'
  const tick = makeTick(
    venue,
    text.slice(symbolAt, symbolEnd),
    integerAt(text, idAt),
    integerAt(text, timeAt),
    decimalAt(text, priceAt),
    decimalAt(text, qtyAt),
    makerChar === 116,
    receivedAt,
  );
  if (typeof tick === 'string') return undefined; // let the slow path produce the precise error
  const tradeType = venue === 'binance-futures' ? stringField(text, '"X":"', from) : undefined;
  if (tradeType !== undefined && tradeType !== 'MARKET') {
    return { kind: 'excluded-trade', instrument: tick.instrument, id: tick.id, tradeType };
  }
  const eventTime = integerAt(text, eventAt);
  return { kind: 'trade', tick, eventTime: Number.isFinite(eventTime) ? toMs(eventTime) : tick.ts };
}

function slowParse(text: string, venue: Venue, receivedAt: number | undefined): ParsedFrame {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (error) {
    return { kind: 'error', reason: `not JSON: ${(error as Error).message}` };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { kind: 'error', reason: 'frame is not a JSON object' };
  }
  const wrapper = message as Record<string, unknown>;
  const stream = typeof wrapper.stream === 'string' ? wrapper.stream : null;
  const data = (stream !== null ? wrapper.data : wrapper) as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null) return { kind: 'error', reason: 'field "data" must be an object' };
  if (data.e !== 'trade') return { kind: 'other', stream: stream ?? (typeof data.e === 'string' ? data.e : null) };
  for (const [key, type] of [
    ['s', 'string'],
    ['t', 'number'],
    ['p', 'string'],
    ['q', 'string'],
    ['T', 'number'],
    ['m', 'boolean'],
  ] as const) {
    if (typeof data[key] !== type) return { kind: 'error', reason: `trade field "${key}" must be a ${type}` };
  }
  const tick = makeTick(
    venue,
    data.s as string,
    data.t as number,
    data.T as number,
    Number(data.p),
    Number(data.q),
    data.m as boolean,
    receivedAt,
  );
  if (typeof tick === 'string') return { kind: 'error', reason: tick };
  if (venue === 'binance-futures' && typeof data.X === 'string' && data.X !== 'MARKET') {
    return { kind: 'excluded-trade', instrument: tick.instrument, id: tick.id, tradeType: data.X };
  }
  const eventTime = typeof data.E === 'number' ? toMs(data.E) : tick.ts;
  return { kind: 'trade', tick, eventTime };
}

/** Parses one WebSocket text frame of a Binance stream. Never throws. */
export function parseTradeFrame(text: string, venue: Venue, receivedAt?: number): ParsedFrame {
  if (text.includes('"e":"trade"')) {
    return fastTrade(text, venue, receivedAt) ?? slowParse(text, venue, receivedAt);
  }
  return slowParse(text, venue, receivedAt);
}

/**
 * A tick as the combined-stream `@trade` frame Binance would have sent for it (the USD-M field
 * set for `binance-futures`), so that trades fetched over REST can be recorded beside the frames
 * the socket delivered and replay the same way. Numbers are written in their shortest exact form.
 */
export function formatTradeFrame(tick: Tick): string {
  const [venue, symbol] = tick.instrument.split(':');
  const data =
    venue === 'binance-futures'
      ? `{"e":"trade","E":${tick.ts},"T":${tick.ts},"s":"${symbol}","t":${tick.id},"p":"${tick.price}",` +
        `"q":"${tick.qty}","X":"MARKET","m":${tick.buyerMaker}}`
      : `{"e":"trade","E":${tick.ts},"s":"${symbol}","t":${tick.id},"p":"${tick.price}","q":"${tick.qty}",` +
        `"T":${tick.ts},"m":${tick.buyerMaker},"M":true}`;
  return `{"stream":"${symbol.toLowerCase()}@trade","data":${data}}`;
}
