// The options of an OHLCV CSV import, as the CLI flags and the API's query string give them, and
// their validation: every bad option is refused before a byte of the file is read.
import {
  InvalidInstrumentError,
  isTimeframe,
  normalizeInstrumentId,
  TIMEFRAMES,
  type InstrumentId,
  type Timeframe,
} from '../domain/index.js';
import { ImportOptionsError } from './ohlcv-csv-problems.js';

/** The bar fields a column can hold; the first six are required. */
export const CSV_FIELDS = [
  'time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'trades',
  'quote_volume',
  'taker_buy_volume',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export const REQUIRED_FIELDS: readonly CsvField[] = CSV_FIELDS.slice(0, 6);

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const DUPLICATE_POLICIES = ['error', 'first', 'last'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export interface OhlcvCsvOptions {
  /** `csv:MYDATA` or any `venue:SYMBOL`. */
  instrument: string;
  /** The bars' timeframe; inferred from the spacing of the rows when absent. */
  timeframe?: string;
  /** Field → column name, e.g. `{ time: 'Date', close: 'Adj Close' }`, or the `time=Date,close=Adj Close` form. */
  map?: Partial<Record<CsvField, string>> | string;
  /** A pattern such as `DD/MM/YYYY HH:mm`, or `epoch-s|epoch-ms|epoch-us`; ISO-8601 and epoch numbers otherwise. */
  timeFormat?: string;
  /** `,` `;` or a tab; detected from the header when absent. */
  delimiter?: string;
  /** What a second row with the same time does: an error (default), or the first or the last row is kept. */
  onDuplicate?: string;
  /** Validate the whole file and report, storing nothing. */
  dryRun?: boolean;
}

export interface ResolvedOptions {
  instrument: InstrumentId;
  timeframe: Timeframe | null;
  map: Partial<Record<CsvField, string>>;
  timeFormat: string | null;
  delimiter: Delimiter | null;
  onDuplicate: DuplicatePolicy;
  dryRun: boolean;
}

/** `time=Date,close=Adj Close` → `{ time: 'Date', close: 'Adj Close' }`; column names are taken as written. */
export function parseColumnMap(text: string): Partial<Record<CsvField, string>> {
  const map: Partial<Record<CsvField, string>> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const equals = entry.indexOf('=');
    const field = (equals === -1 ? entry : entry.slice(0, equals)).trim().toLowerCase();
    const column = equals === -1 ? '' : entry.slice(equals + 1).trim();
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new ImportOptionsError('map', text, `unknown field "${field}", allowed: ${CSV_FIELDS.join(', ')}`);
    }
    if (column === '')
      throw new ImportOptionsError('map', text, `give a column for ${field}, as ${field}=<column name>`);
    if (map[field as CsvField] !== undefined) throw new ImportOptionsError('map', text, `${field} is mapped twice`);
    map[field as CsvField] = column;
  }
  return map;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    const shown = allowed.map((a) => (a === '\t' ? '\\t' : a)).join(', ');
    throw new ImportOptionsError(option, value, `allowed: ${shown}`);
  }
  return value as T;
}

export function resolveOptions(options: OhlcvCsvOptions): ResolvedOptions {
  let instrument: InstrumentId;
  try {
    instrument = normalizeInstrumentId(options.instrument, 'csv');
  } catch (error) {
    if (error instanceof InvalidInstrumentError)
      throw new ImportOptionsError('instrument', options.instrument, error.message);
    throw error;
  }
  const timeframe = options.timeframe === undefined || options.timeframe === '' ? null : options.timeframe;
  if (timeframe !== null && !isTimeframe(timeframe)) {
    throw new ImportOptionsError('timeframe', timeframe, `allowed: ${TIMEFRAMES.join(', ')}`);
  }
  const map = typeof options.map === 'string' ? parseColumnMap(options.map) : { ...(options.map ?? {}) };
  for (const field of Object.keys(map)) {
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new ImportOptionsError('map', field, `unknown field, allowed: ${CSV_FIELDS.join(', ')}`);
    }
  }
  const delimiter = options.delimiter === undefined || options.delimiter === '' ? null : options.delimiter;
  return {
    instrument,
    timeframe,
    map,
    timeFormat: options.timeFormat === undefined || options.timeFormat === '' ? null : options.timeFormat,
    delimiter: delimiter === null ? null : oneOf('delimiter', delimiter === '\\t' ? '\t' : delimiter, DELIMITERS),
    onDuplicate: oneOf('onDuplicate', options.onDuplicate ?? 'error', DUPLICATE_POLICIES),
    dryRun: options.dryRun ?? false,
  };
}
