// Which column of the header holds which bar field: found by name (case, spaces and dashes do not
// matter; the names Binance's kline files use are known too) or mapped explicitly, a mapping
// taking precedence over a name found. A field with no column, or with two candidates, is a
// problem on line 1 that says what the header has and how to map it.
import { CSV_FIELDS, REQUIRED_FIELDS, type CsvField } from './ohlcv-csv-options.js';
import type { CsvProblem } from './ohlcv-csv-problems.js';

const NAMES: Record<CsvField, readonly string[]> = {
  time: ['time', 'timestamp', 'date', 'datetime', 'date_time', 'open_time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume', 'vol'],
  trades: ['trades', 'count', 'number_of_trades'],
  quote_volume: ['quote_volume', 'quote_asset_volume'],
  taker_buy_volume: ['taker_buy_volume', 'taker_buy_base_asset_volume', 'taker_buy_base_volume'],
};

/** Index of each field's column in a row; null for an optional field the file does not have. */
export type ColumnMapping = Record<CsvField, number | null>;

export interface ResolvedColumns {
  mapping: ColumnMapping;
  problems: CsvProblem[];
}

const normalize = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function resolveColumns(header: readonly string[], map: Partial<Record<CsvField, string>>): ResolvedColumns {
  const mapping = Object.fromEntries(CSV_FIELDS.map((field) => [field, null])) as ColumnMapping;
  const problems: CsvProblem[] = [];
  const names = header.map(normalize);
  const listed = header.map((name) => JSON.stringify(name)).join(', ');
  const taken = new Set<number>();
  for (const field of CSV_FIELDS) {
    const wanted = map[field];
    if (wanted === undefined) continue;
    const index = names.indexOf(normalize(wanted));
    if (index === -1) {
      problems.push({
        line: 1,
        column: wanted,
        value: null,
        message: `no such column for ${field}; the header has ${listed}`,
      });
      continue;
    }
    mapping[field] = index;
    taken.add(index);
  }
  for (const field of CSV_FIELDS) {
    if (map[field] !== undefined) continue;
    const candidates = names.flatMap((name, index) =>
      NAMES[field].includes(name) && !taken.has(index) ? [index] : [],
    );
    if (candidates.length > 1) {
      const which = candidates.map((index) => JSON.stringify(header[index])).join(' and ');
      problems.push({
        line: 1,
        column: field,
        value: null,
        message: `columns ${which} could both be ${field}; choose one with ${field}=<column>`,
      });
    } else if (candidates.length === 1) {
      mapping[field] = candidates[0];
    } else if (REQUIRED_FIELDS.includes(field)) {
      problems.push({
        line: 1,
        column: field,
        value: null,
        message:
          `no column for ${field} (looked for ${NAMES[field].join(', ')}); the header has ${listed}; ` +
          `map one with ${field}=<column>`,
      });
    }
  }
  return { mapping, problems };
}
