// Maps Binance REST payloads (docs/binance-protocol.md#rest) to typed rows and to domain ticks.
// Live trade frames are parsed by trade-message.ts; everything here is validated field by field so
// that a malformed answer fails loudly with the field that was wrong instead of producing a NaN
// bar.
import type { InstrumentId, Tick } from '../../domain/index.js';

export interface RestKline {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base-asset volume. */
  volume: number;
  closeTime: number;
  quoteVolume: number;
  trades: number;
  /** Base volume where the taker bought. */
  takerBuyVolume: number;
  takerBuyQuoteVolume: number;
}

export interface RestTrade {
  id: number;
  price: number;
  qty: number;
  quoteQty: number;
  time: number;
  isBuyerMaker: boolean;
}

export interface RestAggTrade {
  aggId: number;
  price: number;
  qty: number;
  firstTradeId: number;
  lastTradeId: number;
  time: number;
  isBuyerMaker: boolean;
}

export class PayloadError extends TypeError {
  constructor(what: string, index: number, field: string, expected: string, value: unknown) {
    super(`${what} ${index}: field ${field} must be ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'PayloadError';
  }
}

function decimal(value: unknown, what: string, index: number, field: string): number {
  const parsed = typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new PayloadError(what, index, field, 'a decimal string', value);
  return parsed;
}

function integer(value: unknown, what: string, index: number, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new PayloadError(what, index, field, 'an integer', value);
  return value;
}

function flag(value: unknown, what: string, index: number, field: string): boolean {
  if (typeof value !== 'boolean') throw new PayloadError(what, index, field, 'a boolean', value);
  return value;
}

const KLINE_FIELDS = [
  'openTime',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'closeTime',
  'quoteVolume',
  'trades',
  'takerBuyVolume',
  'takerBuyQuoteVolume',
] as const;

/** One 12-column kline row of `/klines`. */
export function mapKlineRow(row: unknown, index = 0): RestKline {
  if (!Array.isArray(row) || row.length < 11)
    throw new PayloadError('kline row', index, '(row)', 'an array of 12 columns', row);
  const field = (i: number) => `${i} (${KLINE_FIELDS[i]})`;
  return {
    openTime: integer(row[0], 'kline row', index, field(0)),
    open: decimal(row[1], 'kline row', index, field(1)),
    high: decimal(row[2], 'kline row', index, field(2)),
    low: decimal(row[3], 'kline row', index, field(3)),
    close: decimal(row[4], 'kline row', index, field(4)),
    volume: decimal(row[5], 'kline row', index, field(5)),
    closeTime: integer(row[6], 'kline row', index, field(6)),
    quoteVolume: decimal(row[7], 'kline row', index, field(7)),
    trades: integer(row[8], 'kline row', index, field(8)),
    takerBuyVolume: decimal(row[9], 'kline row', index, field(9)),
    takerBuyQuoteVolume: decimal(row[10], 'kline row', index, field(10)),
  };
}

/** One item of `/trades` or `/historicalTrades`. */
export function mapRestTrade(item: unknown, index = 0): RestTrade {
  if (typeof item !== 'object' || item === null) throw new PayloadError('trade', index, '(item)', 'an object', item);
  const t = item as Record<string, unknown>;
  return {
    id: integer(t.id, 'trade', index, 'id'),
    price: decimal(t.price, 'trade', index, 'price'),
    qty: decimal(t.qty, 'trade', index, 'qty'),
    quoteQty: decimal(t.quoteQty, 'trade', index, 'quoteQty'),
    time: integer(t.time, 'trade', index, 'time'),
    isBuyerMaker: flag(t.isBuyerMaker, 'trade', index, 'isBuyerMaker'),
  };
}

/** One item of `/aggTrades`. */
export function mapAggTradeRow(item: unknown, index = 0): RestAggTrade {
  if (typeof item !== 'object' || item === null) throw new PayloadError('aggTrade', index, '(item)', 'an object', item);
  const a = item as Record<string, unknown>;
  return {
    aggId: integer(a.a, 'aggTrade', index, 'a'),
    price: decimal(a.p, 'aggTrade', index, 'p'),
    qty: decimal(a.q, 'aggTrade', index, 'q'),
    firstTradeId: integer(a.f, 'aggTrade', index, 'f'),
    lastTradeId: integer(a.l, 'aggTrade', index, 'l'),
    time: integer(a.T, 'aggTrade', index, 'T'),
    isBuyerMaker: flag(a.m, 'aggTrade', index, 'm'),
  };
}

export function restTradeToTick(trade: RestTrade, instrument: InstrumentId, receivedAt?: number): Tick {
  const tick: Tick = {
    instrument,
    id: trade.id,
    ts: trade.time,
    price: trade.price,
    qty: trade.qty,
    buyerMaker: trade.isBuyerMaker,
  };
  if (receivedAt !== undefined) tick.receivedAt = receivedAt;
  return tick;
}

/**
 * The raw trades an aggTrade row covers, limited to ids in [fromId, toId]. The row keeps price,
 * side, time and total quantity but not how the quantity was split, so each trade gets an equal
 * share: bars built from them have exact OHLC, volume, taker-buy volume and trade count.
 */
export function aggTradeToTicks(
  agg: RestAggTrade,
  instrument: InstrumentId,
  fromId: number,
  toId: number,
  receivedAt?: number,
): Tick[] {
  const count = agg.lastTradeId - agg.firstTradeId + 1;
  const share = agg.qty / count;
  const ticks: Tick[] = [];
  for (let id = Math.max(agg.firstTradeId, fromId); id <= Math.min(agg.lastTradeId, toId); id++) {
    const tick: Tick = { instrument, id, ts: agg.time, price: agg.price, qty: share, buyerMaker: agg.isBuyerMaker };
    if (receivedAt !== undefined) tick.receivedAt = receivedAt;
    ticks.push(tick);
  }
  return ticks;
}
