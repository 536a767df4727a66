// Imports an OHLCV CSV into an instrument, atomically: the file streams through the reader, each
// row is checked on its own and in sequence, and good bars are staged in the store while no
// problem has been found. Only when the whole file has been read without a problem is the import
// committed (one transaction: the bars and every coarser timeframe derived from them); any
// problem, a failed store call or a broken upload aborts it, and nothing is stored. A dry run
// does the same reading and checking and stages nothing.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TIMEFRAME_MS, TIMEFRAMES, type InstrumentId, type Timeframe } from '../domain/index.js';
import { IMPORT_BAR_FIELDS, type Store } from '../store/store.js';
import { resolveColumns, type ColumnMapping } from './ohlcv-csv-columns.js';
import {
  CSV_FIELDS,
  resolveOptions,
  type CsvField,
  type Delimiter,
  type OhlcvCsvOptions,
} from './ohlcv-csv-options.js';
import { CsvImportError, ProblemList } from './ohlcv-csv-problems.js';
import { CsvRecordReader, CsvSyntaxError, type CsvRecord } from './ohlcv-csv-reader.js';
import { CsvRowReader, type CsvBarRow } from './ohlcv-csv-row.js';
import { CsvBarSequence } from './ohlcv-csv-sequence.js';
import { timeParser } from './ohlcv-csv-time.js';

export type BarImportStore = Pick<Store, 'beginBarImport' | 'stageImportBars' | 'commitBarImport' | 'abortBarImport'>;

export type ImportState = 'validating' | 'writing' | 'done' | 'failed';

export interface ImportProgress {
  state: ImportState;
  /** Bytes of the file read so far. */
  bytes: number;
  /** Data rows read so far (the header not counted). */
  rows: number;
}

export interface OhlcvCsvReport {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Data rows in the file. */
  rows: number;
  /** Rows dropped for repeating a time (onDuplicate first|last). */
  duplicates: number;
  /** Bars written (or, in a dry run, that would be) per timeframe: the file's and every coarser one. */
  barsWritten: Partial<Record<Timeframe, number>>;
  /** Start of the first and the last bar, epoch ms. */
  first: number;
  last: number;
  delimiter: Delimiter;
  /** The column each field was read from; null for an optional field the file does not have. */
  columns: Record<CsvField, string | null>;
  dryRun: boolean;
}

/** Bars per store call: big enough that a call's overhead does not matter, small enough to stay cheap to copy. */
const STAGE_ROWS = 16_384;
const WIDTH = IMPORT_BAR_FIELDS.length;
/** Progress is reported at most this often while reading (and always on each change of state). */
const PROGRESS_INTERVAL_MS = 100;

/** Validates the whole file and reports what an import would store, storing nothing. */
export function dryRunOhlcvCsv(
  input: AsyncIterable<Uint8Array | string>,
  options: OhlcvCsvOptions,
  onProgress?: (progress: ImportProgress) => void,
): Promise<OhlcvCsvReport> {
  return importOhlcvCsv(null, input, { ...options, dryRun: true }, onProgress);
}

/**
 * Imports the CSV read from `input` into `options.instrument`; throws CsvImportError (with the
 * problems, by line) when the file has any problem, and ImportOptionsError for a bad option.
 * `store` may be null only for a dry run.
 */
export async function importOhlcvCsv(
  store: BarImportStore | null,
  input: AsyncIterable<Uint8Array | string>,
  options: OhlcvCsvOptions,
  onProgress?: (progress: ImportProgress) => void,
): Promise<OhlcvCsvReport> {
  const resolved = resolveOptions(options);
  const parseTime = timeParser(resolved.timeFormat);
  if (store === null && !resolved.dryRun) throw new TypeError('an import that is not a dry run needs a store');
  const problems = new ProblemList();
  const progress: ImportProgress = { state: 'validating', bytes: 0, rows: 0 };
  let lastReport = 0;
  const report = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    onProgress?.({ ...progress });
  };

  let header: string[] | null = null;
  let mapping: ColumnMapping | null = null;
  let rowReader: CsvRowReader | null = null;
  let sequence: CsvBarSequence | null = null;
  let readable = true;
  let batch = new Float64Array(STAGE_ROWS * WIDTH);
  let batchRows = 0;
  const fullBatches: Float64Array[] = [];

  const stage = (row: CsvBarRow) => {
    if (resolved.dryRun || !problems.isEmpty) return;
    const at = batchRows * WIDTH;
    for (let field = 0; field < WIDTH; field++) batch[at + field] = row[IMPORT_BAR_FIELDS[field]];
    if (++batchRows === STAGE_ROWS) {
      fullBatches.push(batch);
      batch = new Float64Array(STAGE_ROWS * WIDTH);
      batchRows = 0;
    }
  };

  const onRecord = (record: CsvRecord) => {
    if (header === null) {
      header = record.fields.map((name) => name.trim());
      const columns = resolveColumns(header, resolved.map);
      for (const problem of columns.problems) problems.add(problem);
      if (columns.problems.length > 0) {
        readable = false; // rows cannot be read without their columns: the header's problems are the answer
        return;
      }
      mapping = columns.mapping;
      rowReader = new CsvRowReader(header, mapping, parseTime);
      const timeColumn = header[mapping.time!];
      sequence = new CsvBarSequence(resolved.timeframe, resolved.onDuplicate, timeColumn, add, stage);
      return;
    }
    if (!readable) return;
    progress.rows++;
    const row = rowReader!.read(record.fields, record.line, add);
    if (row !== null) sequence!.push(row);
    else sequence!.rejected();
  };
  const add = problems.add.bind(problems);
  const reader = new CsvRecordReader(resolved.delimiter, onRecord);

  let handle: string | null = null;
  const stageFullBatches = async () => {
    if (!problems.isEmpty || store === null) {
      fullBatches.length = 0;
      return;
    }
    const timeframe = sequence?.knownTimeframe ?? null;
    if (fullBatches.length === 0 || timeframe === null) return;
    handle ??= await store.beginBarImport({
      instrument: resolved.instrument,
      timeframe,
      derive: coarserThan(timeframe),
    });
    while (fullBatches.length > 0) await store.stageImportBars(handle, fullBatches.shift()!);
  };

  try {
    report(true);
    for await (const chunk of input) {
      progress.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (readable) readChunk(reader, chunk, problems, () => (readable = false));
      await stageFullBatches();
      report(false);
      // A large file must not hold the event loop from live ingestion between its chunks.
      await nextTurn();
    }
    if (readable) readChunk(reader, null, problems, () => (readable = false));
    if (header === null)
      problems.add({ line: 0, column: null, value: null, message: 'the file is empty: a header and rows are needed' });
    const summary = sequence === null ? null : (sequence as CsvBarSequence).end();
    if (summary !== null && summary.rows === 0 && problems.isEmpty) {
      problems.add({ line: 0, column: null, value: null, message: 'the file has a header but no data rows' });
    }
    if (!problems.isEmpty || summary === null || summary.timeframe === null) throw CsvImportError.from(problems);
    if (batchRows > 0) fullBatches.push(batch.subarray(0, batchRows * WIDTH));
    await stageFullBatches();
    if (handle !== null) {
      progress.state = 'writing';
      report(true);
      await store!.commitBarImport(handle);
      handle = null;
    }
    progress.state = 'done';
    report(true);
    return {
      instrument: resolved.instrument,
      timeframe: summary.timeframe,
      rows: progress.rows,
      duplicates: summary.duplicates,
      barsWritten: summary.bars,
      first: summary.first!,
      last: summary.last!,
      delimiter: reader.delimiter!,
      columns: columnNames(header!, mapping!),
      dryRun: resolved.dryRun,
    };
  } catch (error) {
    if (handle !== null) await store!.abortBarImport(handle).catch(() => {});
    progress.state = 'failed';
    report(true);
    throw error;
  }
}

function readChunk(
  reader: CsvRecordReader,
  chunk: Uint8Array | string | null,
  problems: ProblemList,
  stop: () => void,
): void {
  try {
    if (chunk === null) reader.end();
    else reader.write(chunk);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.add(error.problem);
    stop();
  }
}

export function coarserThan(timeframe: Timeframe): Timeframe[] {
  return TIMEFRAMES.filter((tf) => TIMEFRAME_MS[tf] > TIMEFRAME_MS[timeframe]);
}

function columnNames(header: readonly string[], mapping: ColumnMapping): Record<CsvField, string | null> {
  return Object.fromEntries(
    CSV_FIELDS.map((field) => [field, mapping[field] === null ? null : header[mapping[field]!]]),
  ) as Record<CsvField, string | null>;
}
