// `tickscope import FILE --instrument csv:MYDATA …`: one OHLCV CSV file into the store through the
// upload engine the API uses, so the CLI and `POST /api/v1/imports` accept and refuse the same files.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  CsvImportError,
  describeProblem,
  ImportOptionsError,
  importOhlcvCsv,
  type OhlcvCsvOptions,
  type OhlcvCsvReport,
} from '../../import/ohlcv-csv.js';
import { openStore } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import { parseLogLevel } from '../config.js';
import { createLogger } from '../logger.js';
import { formatImportSummary, importFiles, parseImportFlags } from './import.js';
import { ProgressBar } from '../progress-bar.js';

export interface CsvImportFlags {
  instrument: string;
  timeframe?: string;
  map?: string;
  timeFormat?: string;
  delimiter?: string;
  onDuplicate?: string;
  dryRun: boolean;
  db: string;
  logLevel?: string;
  progress?: boolean;
}

/** Flags that only the CSV upload understands; given with a Binance dump they would be ignored. */
const CSV_ONLY_FLAGS = {
  timeframe: '--timeframe',
  map: '--map',
  timeFormat: '--time-format',
  delimiter: '--delimiter',
  onDuplicate: '--on-duplicate',
  dryRun: '--dry-run',
} as const;

/** The `import` command: Binance dumps by default, the OHLCV CSV upload when `--instrument` names the target. */
export async function runImportCommand(
  files: readonly string[],
  opts: Record<string, string | boolean | undefined>,
): Promise<string> {
  if (opts.instrument === undefined) {
    const csvOnly = Object.entries(CSV_ONLY_FLAGS).filter(([key]) => opts[key] !== undefined);
    if (csvOnly.length > 0) {
      const names = csvOnly.map(([, flag]) => flag).join(', ');
      throw new CliError(`${names} belong to the OHLCV CSV upload: add --instrument (e.g. csv:MYDATA)`);
    }
    return formatImportSummary(await importFiles(files, parseImportFlags(opts as Record<string, string>)));
  }
  const flags: CsvImportFlags = {
    ...(opts as Record<string, string>),
    instrument: String(opts.instrument),
    dryRun: opts.dryRun === true,
    db: String(opts.db),
    logLevel: typeof opts.logLevel === 'string' ? parseLogLevel(opts.logLevel, '--log-level') : undefined,
  };
  const reports: string[] = [];
  for (const file of files) reports.push(formatCsvImportReport(file, await importCsvFile(file, flags), flags.dryRun));
  return reports.join('\n');
}

export async function importCsvFile(file: string, flags: CsvImportFlags): Promise<OhlcvCsvReport> {
  const size = await fileSize(file);
  const options: OhlcvCsvOptions = {
    instrument: flags.instrument,
    timeframe: flags.timeframe,
    map: flags.map,
    timeFormat: flags.timeFormat,
    delimiter: flags.delimiter,
    onDuplicate: flags.onDuplicate,
    dryRun: flags.dryRun === true,
  };
  const bar = new ProgressBar(flags.progress ?? process.stderr.isTTY === true);
  const label = file.split(/[\\/]/).pop() ?? file;
  const store = options.dryRun
    ? null
    : await openStore({ path: flags.db, logger: createLogger(flags.logLevel ?? 'warn') });
  try {
    const report = await importOhlcvCsv(store, createReadStream(file), options, (progress) =>
      bar.update(size > 0 ? progress.bytes / size : 1, `${label} ${progress.state}`),
    );
    bar.done(label);
    return report;
  } catch (error) {
    if (error instanceof CsvImportError) {
      throw new CliError(`${file}: ${error.message}`, error.problems.map(describeProblem));
    }
    if (error instanceof ImportOptionsError) throw new CliError(error.message);
    throw error;
  } finally {
    await store?.close();
  }
}

export function formatCsvImportReport(file: string, report: OhlcvCsvReport, dryRun: boolean): string {
  const written = Object.entries(report.barsWritten)
    .map(([tf, n]) => `${tf} ${n}`)
    .join(', ');
  const columns = Object.entries(report.columns)
    .filter(([, column]) => column !== null)
    .map(([field, column]) => `${field}=${column}`)
    .join(', ');
  return [
    file,
    `  ${report.instrument} ${report.timeframe}: ${report.rows} rows` +
      (report.duplicates > 0 ? ` (${report.duplicates} repeated times dropped)` : '') +
      `, ${new Date(report.first).toISOString()} to ${new Date(report.last).toISOString()}`,
    `  columns ${columns}; delimiter ${JSON.stringify(report.delimiter)}`,
    `  ${dryRun ? 'valid; would write' : 'bars written'}: ${written}`,
  ].join('\n');
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
