// The OHLCV CSV upload ("upload mode"): the programmatic API the CLI and the server use.
export {
  type CsvField,
  CSV_FIELDS,
  DUPLICATE_POLICIES,
  type OhlcvCsvOptions,
  parseColumnMap,
} from './ohlcv-csv-options.js';
export {
  type BarImportStore,
  dryRunOhlcvCsv,
  type ImportProgress,
  type ImportState,
  importOhlcvCsv,
  type OhlcvCsvReport,
} from './ohlcv-csv-import.js';
export { type OhlcvCsvPreview, PREVIEW_ROWS, previewCsv } from './ohlcv-csv-preview.js';
export {
  CsvImportError,
  type CsvProblem,
  describeProblem,
  ImportOptionsError,
  MAX_LISTED_PROBLEMS,
} from './ohlcv-csv-problems.js';
export { EPOCH_FORMATS } from './ohlcv-csv-time.js';
