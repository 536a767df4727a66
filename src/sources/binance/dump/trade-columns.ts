// Trades and aggTrades rows read straight from the file's bytes into typed-array columns: no string
// per line or field and no object per row, which is what a 10 M-row import spends its time on
// otherwise. Binance writes these files unquoted with plain decimals, and only that form is read
// here; any line that is not (a sign, an exponent, spaces, a bad value) goes to the string parser
// of dump-rows.ts, so values, accepted spellings and error messages are exactly that parser's.
import { DumpRowError, parseAggTradeRow, parseTradeRow, type AggTradeRow, type DumpLayout } from './dump-rows.js';

/** Rows in columns; for trades, `first` and `last` are the trade's own id. */
export class TradeColumns {
  id: Float64Array;
  ts: Float64Array;
  price: Float64Array;
  qty: Float64Array;
  first: Float64Array;
  last: Float64Array;
  buyerMaker: Uint8Array;
  /** Line number of each row, for errors found after parsing (ids out of order). */
  line: Float64Array;
  length = 0;

  constructor(capacity = 1 << 14) {
    this.id = new Float64Array(capacity);
    this.ts = new Float64Array(capacity);
    this.price = new Float64Array(capacity);
    this.qty = new Float64Array(capacity);
    this.first = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
    this.buyerMaker = new Uint8Array(capacity);
    this.line = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.id.length;
  }

  clear(): void {
    this.length = 0;
  }

  push(row: AggTradeRow, line: number): void {
    if (this.length === this.capacity) this.grow(this.capacity * 2);
    const n = this.length++;
    this.id[n] = row.id;
    this.ts[n] = row.ts;
    this.price[n] = row.price;
    this.qty[n] = row.qty;
    this.first[n] = row.firstTradeId;
    this.last[n] = row.lastTradeId;
    this.buyerMaker[n] = row.buyerMaker ? 1 : 0;
    this.line[n] = line;
  }

  grow(capacity: number): void {
    const keep = this.length;
    const copy = <T extends Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from.subarray(0, keep));
      return to;
    };
    this.id = copy(this.id, new Float64Array(capacity));
    this.ts = copy(this.ts, new Float64Array(capacity));
    this.price = copy(this.price, new Float64Array(capacity));
    this.qty = copy(this.qty, new Float64Array(capacity));
    this.first = copy(this.first, new Float64Array(capacity));
    this.last = copy(this.last, new Float64Array(capacity));
    this.buyerMaker = copy(this.buyerMaker, new Uint8Array(capacity));
    this.line = copy(this.line, new Float64Array(capacity));
  }
}

const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Exact powers of ten: a mantissa below 2^53 divided by one of these is the correctly rounded decimal. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Where the last `readNumber` stopped (the comma or the line end); module state keeps the hot loop allocation-free. */
let cursor = 0;

/**
 * The plain decimal (digits, at most one dot) from `at` to the next comma or `end`, exactly as `Number` reads it;
 * NaN for anything else. `integer` refuses a dot.
 */
function readNumber(bytes: Uint8Array, at: number, end: number, integer: boolean): number {
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  let i = at;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === DOT && fraction < 0 && !integer) {
      fraction = 0;
    } else if (c === COMMA) {
      break;
    } else {
      return Number.NaN;
    }
  }
  cursor = i;
  if (digits === 0 || mantissa > Number.MAX_SAFE_INTEGER || fraction > 22) return Number.NaN;
  return fraction > 0 ? mantissa / POW10[fraction] : mantissa;
}

/** 1 for True/true, 0 for False/false, -1 for anything else; `cursor` set as by readNumber. */
function readBoolean(bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && bytes[i] !== COMMA) i++;
  cursor = i;
  const length = i - at;
  const c = bytes[at];
  if (
    length === 4 &&
    (c === 84 || c === 116) &&
    bytes[at + 1] === 114 &&
    bytes[at + 2] === 117 &&
    bytes[at + 3] === 101
  )
    return 1;
  if (
    length === 5 &&
    (c === 70 || c === 102) &&
    bytes[at + 1] === 97 &&
    bytes[at + 2] === 108 &&
    bytes[at + 3] === 115 &&
    bytes[at + 4] === 101
  )
    return 0;
  return -1;
}

/** Moves past the field at `at`; returns the position of its comma or `end`. */
function skipField(bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && bytes[i] !== COMMA) i++;
  return i;
}

/** Epoch ms of a dump timestamp in ms or µs, as dumpTimeToMs. */
function toMs(value: number): number {
  return value >= 1e14 ? value / 1000 : value;
}

export interface TradeBytesParser {
  /**
   * Appends the rows of `bytes` (whole lines, the first numbered `firstLine`) to `out`; a bad row goes to
   * `onError` and adds nothing. Returns the number of rows (bad ones included; blank lines and the header not).
   */
  parse(bytes: Uint8Array, firstLine: number, out: TradeColumns, onError: (error: DumpRowError) => void): number;
}

export function tradeBytesParser(kind: 'trades' | 'aggTrades', layout: DumpLayout): TradeBytesParser {
  const columns = layout.columns.length;
  const aggregate = kind === 'aggTrades';
  /** Fields after is_buyer_maker (is_best_match in spot files). */
  const trailingFields = columns - (aggregate ? 7 : 6);
  const row: AggTradeRow = { id: 0, ts: 0, price: 0, qty: 0, buyerMaker: false, firstTradeId: 0, lastTradeId: 0 };

  /** The whole line through the string parser: a value the byte reader left alone, or the error. */
  const slowRow = (bytes: Uint8Array, start: number, end: number, line: number, out: TradeColumns): void => {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
    if (aggregate) parseAggTradeRow(text, line, layout, row);
    else {
      parseTradeRow(text, line, layout, row);
      row.firstTradeId = row.lastTradeId = row.id;
    }
    out.push(row, line);
  };

  /** Reads one canonical line into `out`; false when the line must go to the string parser. */
  const fastRow = (bytes: Uint8Array, start: number, end: number, line: number, out: TradeColumns): boolean => {
    // Fields end at a comma or the line end, and reading past the end gives NaN, so a line with too few fields
    // fails below; one with too many has commas left after the last field read.
    const id = readNumber(bytes, start, end, true);
    const price = readNumber(bytes, cursor + 1, end, false);
    if (!(price > 0)) return false;
    const qty = readNumber(bytes, cursor + 1, end, false);
    if (!(qty >= 0)) return false;
    let first = id;
    let last = id;
    if (aggregate) {
      first = readNumber(bytes, cursor + 1, end, true);
      last = readNumber(bytes, cursor + 1, end, true);
      if (!(last >= first)) return false;
    } else {
      cursor = skipField(bytes, cursor + 1, end);
    }
    const time = readNumber(bytes, cursor + 1, end, true);
    if (!(time > 0)) return false;
    const buyerMaker = readBoolean(bytes, cursor + 1, end);
    if (buyerMaker < 0 || !(id >= 0)) return false;
    let commas = 0;
    for (let i = cursor; i < end; i++) if (bytes[i] === COMMA) commas++;
    if (commas !== trailingFields) return false;
    if (out.length === out.capacity) out.grow(out.capacity * 2);
    const n = out.length++;
    out.id[n] = id;
    out.ts[n] = toMs(time);
    out.price[n] = price;
    out.qty[n] = qty;
    out.first[n] = first;
    out.last[n] = last;
    out.buyerMaker[n] = buyerMaker;
    out.line[n] = line;
    return true;
  };

  return {
    parse(bytes, firstLine, out, onError) {
      let rows = 0;
      let line = firstLine;
      let start = 0;
      while (start < bytes.length) {
        let newline = bytes.indexOf(NEWLINE, start);
        if (newline < 0) newline = bytes.length;
        let end = newline;
        if (end > start && bytes[end - 1] === RETURN) end--;
        if (end > start && !(line === 1 && layout.hasHeader)) {
          rows++;
          if (!fastRow(bytes, start, end, line, out)) {
            try {
              slowRow(bytes, start, end, line, out);
            } catch (error) {
              if (!(error instanceof DumpRowError)) throw error;
              onError(error);
            }
          }
        }
        start = newline + 1;
        line++;
      }
      return rows;
    },
  };
}
