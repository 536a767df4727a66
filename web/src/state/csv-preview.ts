// The first rows of a CSV read in the browser, before anything is sent: the delimiter, the header
// and a few rows for the column-mapping preview, and the guess of which column holds which bar
// field. The guess follows the server's own rule (columns found by name), so what the preview
// shows mapped is what the server would take without a `map`.

export const BAR_FIELDS = [
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
export type BarField = (typeof BAR_FIELDS)[number];

export const REQUIRED_FIELDS: readonly BarField[] = ['time', 'open', 'high', 'low', 'close', 'volume'];

/** The header names the server recognises for each field, lower case. */
const FIELD_NAMES: Readonly<Record<BarField, readonly string[]>> = {
  time: ['time', 'timestamp', 'date', 'open_time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume'],
  trades: ['trades'],
  quote_volume: ['quote_volume'],
  taker_buy_volume: ['taker_buy_volume'],
};

export type Delimiter = ',' | ';' | '\t';

export interface CsvPreview {
  delimiter: Delimiter;
  header: string[];
  rows: string[][];
}

/** Which column (by header name) each field is read from; null: not mapped. */
export type ColumnMapping = Record<BarField, string | null>;

/** Splits one line on `delimiter`, honouring double quotes (`"a,b"` and `""` inside quotes). */
export function splitCsvLine(line: string, delimiter: Delimiter): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

/**
 * The delimiter that splits the header into the most cells, `,` unless another does better: the
 * header, not a row, decides, since a European file (`12,5;13,0`) has commas inside its numbers.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const count = (delimiter: Delimiter) => splitCsvLine(headerLine, delimiter).length;
  return ([';', '\t'] as const).reduce<Delimiter>(
    (best, delimiter) => (count(delimiter) > count(best) ? delimiter : best),
    ',',
  );
}

/**
 * Reads the header and up to `maxRows` rows from the start of a file. `text` may end mid-line (a
 * slice of a large file): the unfinished last line is left out. Blank lines are skipped.
 */
export function parseCsvPreview(text: string, maxRows = 8, delimiter?: Delimiter): CsvPreview {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const complete = /\r?\n$/.test(text) ? lines : lines.slice(0, -1);
  const filled = (complete.length > 0 ? complete : lines).filter((line) => line.trim() !== '');
  const headerLine = filled[0] ?? '';
  const chosen = delimiter ?? detectDelimiter(headerLine);
  return {
    delimiter: chosen,
    header: headerLine === '' ? [] : splitCsvLine(headerLine, chosen),
    rows: filled.slice(1, maxRows + 1).map((line) => splitCsvLine(line, chosen)),
  };
}

export function guessMapping(header: readonly string[]): ColumnMapping {
  const byName = new Map(header.map((name) => [name.toLowerCase(), name]));
  const mapping = {} as ColumnMapping;
  for (const field of BAR_FIELDS) {
    const found = FIELD_NAMES[field].find((name) => byName.has(name));
    mapping[field] = found ? (byName.get(found) ?? null) : null;
  }
  return mapping;
}

/**
 * The mapping chosen for the previous file when the next one has every column it names (the same
 * export fixed and chosen again), so the trader does not map it twice; else null.
 */
export function keptMapping(previous: ColumnMapping | null, header: readonly string[]): ColumnMapping | null {
  if (!previous) return null;
  const columns = Object.values(previous).filter((column): column is string => column !== null);
  return columns.length > 0 && columns.every((column) => header.includes(column)) ? previous : null;
}

export function missingFields(mapping: ColumnMapping): BarField[] {
  return REQUIRED_FIELDS.filter((field) => mapping[field] === null);
}

/** Columns mapped to more than one field: a mistake the server would not catch as one. */
export function columnsUsedTwice(mapping: ColumnMapping): string[] {
  const seen = new Map<string, number>();
  for (const column of Object.values(mapping)) if (column !== null) seen.set(column, (seen.get(column) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([column]) => column);
}

/** The `map` query parameter: every mapped field, so the server reads exactly what the preview shows. */
export function mappingParam(mapping: ColumnMapping): string {
  return BAR_FIELDS.filter((field) => mapping[field] !== null)
    .map((field) => `${field}=${mapping[field]}`)
    .join(',');
}

/** `csv:` and the file's name without extension, as a symbol allows (2-30 letters or digits). */
export function instrumentFromFileName(fileName: string): string {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '')
    .slice(0, 30);
  return `csv:${base.length >= 2 ? base : 'UPLOAD'}`;
}
