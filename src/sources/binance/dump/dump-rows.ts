// Rows of Binance dump CSVs (docs/binance-protocol.md and spec §4.2) as typed values: spot files
// have no header and `True`/`False`, USD-M files a header (since 2022-08) and `true`/`false`; spot
// files from 2025 on carry microseconds, so each timestamp is read by its own size (≥ 1e14 is µs)
// and kept as fractional milliseconds. A bad value throws a DumpRowError naming line, column, value.
import type { BinanceVenue } from '../endpoints.js';
import type { DumpKind } from './dump-file-name.js';

export interface TradeRow {
  id: number;
  /** Epoch ms, fractional when the file has microseconds. */
  ts: number;
  price: number;
  qty: number;
  buyerMaker: boolean;
}

export interface AggTradeRow extends TradeRow {
  /** `id` is the aggregate id; the aggregate holds trades firstTradeId..lastTradeId at one price. */
  firstTradeId: number;
  lastTradeId: number;
}

export interface KlineRow {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  trades: number;
  takerBuyVolume: number;
}

/** Column names per kind and venue, as the USD-M headers spell them (spot files have none). */
export const DUMP_COLUMNS: Readonly<Record<DumpKind, Readonly<Record<BinanceVenue, readonly string[]>>>> = {
  trades: {
    binance: ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker', 'is_best_match'],
    'binance-futures': ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker'],
  },
  aggTrades: {
    binance: [
      'agg_trade_id',
      'price',
      'quantity',
      'first_trade_id',
      'last_trade_id',
      'transact_time',
      'is_buyer_maker',
      'is_best_match',
    ],
    'binance-futures': [
      'agg_trade_id',
      'price',
      'quantity',
      'first_trade_id',
      'last_trade_id',
      'transact_time',
      'is_buyer_maker',
    ],
  },
  klines: {
    binance: klineColumns(),
    'binance-futures': klineColumns(),
  },
};

function klineColumns(): string[] {
  return [
    'open_time',
    'open',
    'high',
    'low',
    'close',
    'volume',
    'close_time',
    'quote_volume',
    'count',
    'taker_buy_volume',
    'taker_buy_quote_volume',
    'ignore',
  ];
}

export class DumpRowError extends Error {
  constructor(
    readonly line: number,
    readonly column: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${JSON.stringify(value)} ${reason}`);
    this.name = 'DumpRowError';
  }
}

/** What the first line of a file says: a header or not, and which venue's column count it has. */
export interface DumpLayout {
  kind: DumpKind;
  hasHeader: boolean;
  columns: readonly string[];
  /** Venue the column count or header implies; null when both venues look alike (klines). */
  venue: BinanceVenue | null;
}

/** Reads the layout from the first line; throws a DumpRowError when no layout of `kind` has its columns. */
export function detectLayout(kind: DumpKind, firstLine: string): DumpLayout {
  const fields = firstLine.split(',');
  const hasHeader = fields[0].trim() !== '' && !Number.isFinite(Number(fields[0]));
  const byVenue = DUMP_COLUMNS[kind];
  const venues = (Object.keys(byVenue) as BinanceVenue[]).filter((v) => byVenue[v].length === fields.length);
  if (venues.length === 0) {
    const allowed = [...new Set(Object.values(byVenue).map((c) => c.length))].join(' or ');
    throw new DumpRowError(
      1,
      '(all)',
      firstLine.slice(0, 80),
      `has ${fields.length} columns; a ${kind} file has ${allowed} (spot or USD-M); is --kind right?`,
    );
  }
  // Spot files never have a header, so a header row also says USD-M.
  const venue = venues.length === 1 ? venues[0] : hasHeader ? 'binance-futures' : null;
  return { kind, hasHeader, columns: byVenue[venues[0]], venue };
}

/** Epoch ms of a dump timestamp given in ms or µs (spot files from 2025-01-01 on). */
export function dumpTimeToMs(value: number): number {
  return value >= 1e14 ? value / 1000 : value;
}

function number(fields: string[], index: number, layout: DumpLayout, line: number): number {
  const text = fields[index];
  const value = Number(text);
  if (text === '' || text === undefined || !Number.isFinite(value))
    throw new DumpRowError(line, layout.columns[index], text ?? '', 'is not a number');
  return value;
}

function positive(fields: string[], index: number, layout: DumpLayout, line: number): number {
  const value = number(fields, index, layout, line);
  if (!(value > 0)) throw new DumpRowError(line, layout.columns[index], fields[index], 'must be above 0');
  return value;
}

function nonNegative(fields: string[], index: number, layout: DumpLayout, line: number): number {
  const value = number(fields, index, layout, line);
  if (value < 0) throw new DumpRowError(line, layout.columns[index], fields[index], 'must not be negative');
  return value;
}

function integer(fields: string[], index: number, layout: DumpLayout, line: number): number {
  const value = number(fields, index, layout, line);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new DumpRowError(line, layout.columns[index], fields[index], 'is not a non-negative integer');
  return value;
}

function boolean(fields: string[], index: number, layout: DumpLayout, line: number): boolean {
  const text = fields[index];
  // The two spellings of each venue, checked before the general lower-casing.
  if (text === 'true' || text === 'True') return true;
  if (text === 'false' || text === 'False') return false;
  const lower = text?.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new DumpRowError(line, layout.columns[index], text ?? '', 'is not true or false');
}

function checkColumns(fields: string[], layout: DumpLayout, line: number, text: string): void {
  if (fields.length !== layout.columns.length) {
    throw new DumpRowError(
      line,
      '(all)',
      text.slice(0, 80),
      `has ${fields.length} columns, the file's first row has ${layout.columns.length}`,
    );
  }
}

/** A trades row into `out` (reused: one allocation per file, not per row). */
export function parseTradeRow(text: string, line: number, layout: DumpLayout, out: TradeRow): TradeRow {
  const fields = text.split(',');
  checkColumns(fields, layout, line, text);
  out.id = integer(fields, 0, layout, line);
  out.price = positive(fields, 1, layout, line);
  out.qty = nonNegative(fields, 2, layout, line);
  out.ts = dumpTimeToMs(positive(fields, 4, layout, line));
  out.buyerMaker = boolean(fields, 5, layout, line);
  return out;
}

export function parseAggTradeRow(text: string, line: number, layout: DumpLayout, out: AggTradeRow): AggTradeRow {
  const fields = text.split(',');
  checkColumns(fields, layout, line, text);
  out.id = integer(fields, 0, layout, line);
  out.price = positive(fields, 1, layout, line);
  out.qty = nonNegative(fields, 2, layout, line);
  out.firstTradeId = integer(fields, 3, layout, line);
  out.lastTradeId = integer(fields, 4, layout, line);
  if (out.lastTradeId < out.firstTradeId) {
    throw new DumpRowError(line, layout.columns[4], fields[4], `is below ${layout.columns[3]} (${fields[3]})`);
  }
  out.ts = dumpTimeToMs(positive(fields, 5, layout, line));
  out.buyerMaker = boolean(fields, 6, layout, line);
  return out;
}

export function parseKlineRow(text: string, line: number, layout: DumpLayout): KlineRow {
  const fields = text.split(',');
  checkColumns(fields, layout, line, text);
  const row: KlineRow = {
    openTime: dumpTimeToMs(nonNegative(fields, 0, layout, line)),
    open: positive(fields, 1, layout, line),
    high: positive(fields, 2, layout, line),
    low: positive(fields, 3, layout, line),
    close: positive(fields, 4, layout, line),
    volume: nonNegative(fields, 5, layout, line),
    quoteVolume: nonNegative(fields, 7, layout, line),
    trades: integer(fields, 8, layout, line),
    takerBuyVolume: nonNegative(fields, 9, layout, line),
  };
  if (row.high < row.low) throw new DumpRowError(line, 'high', fields[2], `is below low (${fields[3]})`);
  if (row.open > row.high || row.open < row.low || row.close > row.high || row.close < row.low) {
    throw new DumpRowError(
      line,
      'open/close',
      `${fields[1]}/${fields[4]}`,
      `is outside low..high (${fields[3]}..${fields[2]})`,
    );
  }
  return row;
}
