// One data row of an OHLCV CSV checked on its own: every value a number where a number belongs
// (strictly: `12,5` and `1e` are refused, not half-read), prices above zero, volumes and counts
// not negative, high not below low. Checks across rows (order, duplicates, the timeframe) are the
// sequence's (ohlcv-csv-sequence.ts).
import type { ColumnMapping } from './ohlcv-csv-columns.js';
import type { CsvField } from './ohlcv-csv-options.js';
import type { CsvProblem } from './ohlcv-csv-problems.js';
import type { TimeParser } from './ohlcv-csv-time.js';

export interface CsvBarRow {
  line: number;
  /** The time as written, for messages. */
  time: string;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  trades: number;
  buyVolume: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export class CsvRowReader {
  constructor(
    private readonly header: readonly string[],
    private readonly mapping: ColumnMapping,
    private readonly parseTime: TimeParser,
  ) {}

  /** The row as a bar, or null after adding what is wrong with it to `problems`. */
  read(fields: readonly string[], line: number, problems: (problem: CsvProblem) => void): CsvBarRow | null {
    if (fields.length !== this.header.length) {
      problems({
        line,
        column: null,
        value: null,
        message: `has ${fields.length} fields, the header has ${this.header.length}`,
      });
      return null;
    }
    let ok = true;
    const problem = (field: CsvField, value: string, message: string) => {
      ok = false;
      problems({ line, column: this.columnName(field), value, message });
    };
    const text = (field: CsvField): string | null => {
      const index = this.mapping[field];
      return index === null ? null : fields[index].trim();
    };
    const number = (field: CsvField, check: (n: number) => string | null): number => {
      const raw = text(field);
      if (raw === null) return Number.NaN;
      if (raw === '') {
        problem(field, raw, 'is empty');
        return Number.NaN;
      }
      const value = NUMBER.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) {
        problem(field, raw, 'is not a number');
        return Number.NaN;
      }
      const why = check(value);
      if (why !== null) problem(field, raw, why);
      return value;
    };
    const positive = (n: number) => (n > 0 ? null : 'is not above 0 (prices must be positive)');
    const notNegative = (n: number) => (n >= 0 ? null : 'is negative');
    const count = (n: number) => (Number.isInteger(n) && n >= 0 ? null : 'is not a whole number of trades');

    const timeText = text('time') ?? '';
    const time = timeText === '' ? { error: 'is empty' } : this.parseTime(timeText);
    if (typeof time !== 'number') problem('time', timeText, time.error);
    const open = number('open', positive);
    const high = number('high', positive);
    const low = number('low', positive);
    const close = number('close', positive);
    const volume = number('volume', notNegative);
    const trades = this.mapping.trades === null ? 0 : number('trades', count);
    const quoteVolume = this.mapping.quote_volume === null ? Number.NaN : number('quote_volume', notNegative);
    const buyVolume = this.mapping.taker_buy_volume === null ? 0 : number('taker_buy_volume', notNegative);
    if (high < low) problem('high', text('high') ?? '', `is below low ${JSON.stringify(text('low'))}`);
    if (!ok || typeof time !== 'number') return null;
    return {
      line,
      time: timeText,
      start: time,
      open,
      high,
      low,
      close,
      volume,
      // Without a quote volume the typical price stands in for the vwap, so vwap stays a price.
      quoteVolume: this.mapping.quote_volume === null ? (volume * (high + low + close)) / 3 : quoteVolume,
      trades,
      buyVolume,
    };
  }

  private columnName(field: CsvField): string {
    const index = this.mapping[field];
    return index === null ? field : this.header[index];
  }
}
