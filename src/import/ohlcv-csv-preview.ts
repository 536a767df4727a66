// What an import of a file would do, read from its first bytes only: the delimiter, the header
// and the column each field comes from, the first rows as written and as bars, the timeframe the
// spacing suggests, and the problems found so far. The dashboard shows it before a byte is stored,
// so that a mapping can be fixed first. A line cut by the end of the bytes given is left out.
import type { Timeframe } from '../domain/index.js';
import { resolveColumns } from './ohlcv-csv-columns.js';
import {
  CSV_FIELDS,
  resolveOptions,
  type CsvField,
  type Delimiter,
  type OhlcvCsvOptions,
} from './ohlcv-csv-options.js';
import { ProblemList, type CsvProblem } from './ohlcv-csv-problems.js';
import { CsvRecordReader, CsvSyntaxError, type CsvRecord } from './ohlcv-csv-reader.js';
import { CsvRowReader, type CsvBarRow } from './ohlcv-csv-row.js';
import { CsvBarSequence } from './ohlcv-csv-sequence.js';
import { timeParser } from './ohlcv-csv-time.js';

/** Rows shown as written and as bars. */
export const PREVIEW_ROWS = 20;

export interface OhlcvCsvPreview {
  delimiter: Delimiter | null;
  header: string[];
  /** The column each field is read from; null when the file has none for it (or the mapping is wrong). */
  columns: Record<CsvField, string | null>;
  /** The first data rows, as written. */
  rows: { line: number; fields: string[] }[];
  /** The same rows as bars, where they are valid. */
  bars: CsvBarRow[];
  /** The timeframe given, or the one the spacing of the rows read suggests. */
  timeframe: Timeframe | null;
  /** Data rows read from the bytes given. */
  rowsRead: number;
  problems: CsvProblem[];
  problemCount: number;
}

export function previewCsv(firstBytes: Uint8Array | string, options: OhlcvCsvOptions): OhlcvCsvPreview {
  const resolved = resolveOptions(options);
  const parseTime = timeParser(resolved.timeFormat);
  const bytes = typeof firstBytes === 'string' ? Buffer.from(firstBytes) : Buffer.from(firstBytes);
  const lastNewline = bytes.lastIndexOf(10);
  const whole = lastNewline === -1 ? bytes : bytes.subarray(0, lastNewline + 1);

  const problems = new ProblemList();
  const add = problems.add.bind(problems);
  const preview: OhlcvCsvPreview = {
    delimiter: null,
    header: [],
    columns: Object.fromEntries(CSV_FIELDS.map((field) => [field, null])) as Record<CsvField, string | null>,
    rows: [],
    bars: [],
    timeframe: resolved.timeframe,
    rowsRead: 0,
    problems: [],
    problemCount: 0,
  };
  let rowReader: CsvRowReader | null = null;
  let sequence: CsvBarSequence | null = null;
  let headerSeen = false;
  const onRecord = (record: CsvRecord) => {
    if (!headerSeen) {
      headerSeen = true;
      preview.header = record.fields.map((name) => name.trim());
      const columns = resolveColumns(preview.header, resolved.map);
      for (const field of CSV_FIELDS) {
        const index = columns.mapping[field];
        preview.columns[field] = index === null ? null : preview.header[index];
      }
      columns.problems.forEach(add);
      if (columns.problems.length > 0) return;
      rowReader = new CsvRowReader(preview.header, columns.mapping, parseTime);
      sequence = new CsvBarSequence(resolved.timeframe, resolved.onDuplicate, preview.columns.time!, add, () => {});
      return;
    }
    preview.rowsRead++;
    if (preview.rows.length < PREVIEW_ROWS) preview.rows.push({ line: record.line, fields: record.fields });
    if (rowReader === null) return;
    const bar = (rowReader as CsvRowReader).read(record.fields, record.line, add);
    if (bar === null) {
      (sequence as CsvBarSequence | null)?.rejected();
      return;
    }
    if (preview.bars.length < PREVIEW_ROWS) preview.bars.push(bar);
    (sequence as CsvBarSequence | null)?.push(bar);
  };
  const reader = new CsvRecordReader(resolved.delimiter, onRecord);
  try {
    reader.write(whole);
    reader.end();
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    add(error.problem);
  }
  preview.delimiter = reader.delimiter;
  const summary = (sequence as CsvBarSequence | null)?.end();
  preview.timeframe = summary?.timeframe ?? resolved.timeframe;
  preview.problems = problems.list();
  preview.problemCount = problems.count;
  return preview;
}
