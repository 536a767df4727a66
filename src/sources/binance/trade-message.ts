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

function numberField(text: string, key: string, from: number): number {
  const at = text.indexOf(key, from);
  if (at === -1) return Number.NaN;
  const start = at + key.length;
  let end = start;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c === 44 || c === 125) break; // ',' or '}'
  }
  return end === start ? Number.NaN : Number(text.slice(start, end));
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
  if (!/^[A-Z0-9]{2,30}$/.test(symbol)) return `field "s": invalid symbol ${JSON.stringify(symbol)}`;
  if (!Number.isSafeInteger(id) || id < 0) return `field "t": trade id must be a non-negative integer`;
  if (!Number.isFinite(time) || time <= 0) return `field "T": trade time must be a positive number`;
  if (!Number.isFinite(price) || price <= 0) return `field "p": price must be a positive decimal string`;
  if (!Number.isFinite(qty) || qty < 0) return `field "q": quantity must be a non-negative decimal string`;
  const tick: Tick = { instrument: instrumentId(venue, symbol), id, ts: toMs(time), price, qty, buyerMaker };
  if (receivedAt !== undefined) tick.receivedAt = receivedAt;
  return tick;
}

function fastTrade(text: string, venue: Venue, receivedAt: number | undefined): ParsedFrame | undefined {
  const dataAt = text.indexOf('"data":');
  const from = dataAt === -1 ? 0 : dataAt;
  const symbol = stringField(text, '"s":"', from);
  const price = stringField(text, '"p":"', from);
  const qty = stringField(text, '"q":"', from);
  const makerAt = text.indexOf('"m":', from);
  if (symbol === undefined || price === undefined || qty === undefined || makerAt === -1) return undefined;
  const makerChar = text.charCodeAt(makerAt + 4);
  if (makerChar !== 116 && makerChar !== 102) return undefined; // 't' | 'f'
  const id = numberField(text, '"t":', from);
  const time = numberField(text, '"T":', from);
  const eventTime = numberField(text, '"E":', from);
  const tick = makeTick(venue, symbol, id, time, Number(price), Number(qty), makerChar === 116, receivedAt);
  if (typeof tick === 'string') return undefined; // let the slow path produce the precise error
  const tradeType = venue === 'binance-futures' ? stringField(text, '"X":"', from) : undefined;
  if (tradeType !== undefined && tradeType !== 'MARKET') {
    return { kind: 'excluded-trade', instrument: tick.instrument, id: tick.id, tradeType };
  }
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
  for (const [key, type] of [['s', 'string'], ['t', 'number'], ['p', 'string'], ['q', 'string'], ['T', 'number'], ['m', 'boolean']] as const) {
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
