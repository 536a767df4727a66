// The server's OHLCV CSV imports: runs each upload through the import engine, tells the `imports`
// channel how it goes, and keeps the recent ones (done and failed, in the store's settings, so the
// Data view still lists them after a restart). Imports run side by side: each has its own store
// connection, and the engine yields between chunks, so live ingestion is not held up.
import { randomUUID } from 'node:crypto';
import {
  CsvImportError,
  ImportOptionsError,
  importOhlcvCsv,
  type ImportProgress,
  type OhlcvCsvOptions,
  type OhlcvCsvReport,
} from '../../import/ohlcv-csv.js';
import type { Store } from '../../store/store.js';
import type { Static } from 'typebox';
import type { ImportMessageSchema, ImportRecordSchema } from './import-schemas.js';

export type ImportRecord = Static<typeof ImportRecordSchema>;
export type ImportMessage = Static<typeof ImportMessageSchema>;

/** Imports kept in the list (and in the settings). */
export const RECENT_IMPORTS = 50;
const SETTINGS_KEY = 'imports.recent';

export class ImportJobs {
  private readonly listeners = new Set<(message: ImportMessage) => void>();
  private readonly running = new Map<string, ImportRecord>();
  private recent: ImportRecord[] | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every progress message of every import; returns the unsubscribe. */
  subscribe(listener: (message: ImportMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Running imports first, then the finished ones, newest first. */
  async list(): Promise<ImportRecord[]> {
    const running = [...this.running.values()].reverse();
    return [...running, ...(await this.loadRecent())];
  }

  /**
   * Runs an import of `input` to the end; resolves with the finished record (state done), or
   * rejects with the engine's error after listing the failed record (a bad option is not listed:
   * nothing was read).
   */
  async run(
    fileName: string,
    input: AsyncIterable<Uint8Array | string>,
    options: OhlcvCsvOptions,
  ): Promise<ImportRecord> {
    const record: ImportRecord = {
      id: randomUUID(),
      fileName,
      instrument: options.instrument,
      state: 'validating',
      dryRun: options.dryRun ?? false,
      bytes: 0,
      rows: 0,
      startedAt: this.clock(),
      finishedAt: null,
      timeframe: null,
      duplicates: 0,
      barsWritten: {},
      first: null,
      last: null,
      delimiter: null,
      columns: null,
      error: null,
    };
    const onProgress = (progress: ImportProgress) => {
      // done and failed are told once the record is complete, below.
      if (progress.state === 'done' || progress.state === 'failed') return;
      Object.assign(record, progress);
      this.publish(record, null);
    };
    this.running.set(record.id, record);
    try {
      const report = await importOhlcvCsv(this.store, input, options, onProgress);
      Object.assign(record, fromReport(report), { state: 'done', finishedAt: this.clock() });
    } catch (error) {
      this.running.delete(record.id);
      if (error instanceof ImportOptionsError) throw error;
      record.state = 'failed';
      record.finishedAt = this.clock();
      record.error =
        error instanceof CsvImportError
          ? { code: error.code, message: error.message, problems: error.problems, problemCount: error.problemCount }
          : { code: 'import_failed', message: (error as Error).message, problems: [], problemCount: 0 };
      await this.finish(record);
      throw error;
    }
    this.running.delete(record.id);
    await this.finish(record);
    return record;
  }

  private async finish(record: ImportRecord): Promise<void> {
    const recent = await this.loadRecent();
    recent.unshift(record);
    recent.length = Math.min(recent.length, RECENT_IMPORTS);
    this.publish(record, record);
    await this.store.setSetting(SETTINGS_KEY, recent);
  }

  private publish(record: ImportRecord, finished: ImportRecord | null): void {
    const { id, fileName, instrument, state, dryRun, bytes, rows } = record;
    const message: ImportMessage = {
      channel: 'imports',
      data: {
        type: 'import',
        id,
        fileName,
        instrument,
        state,
        dryRun,
        bytes,
        rows,
        import: finished === null ? null : { ...finished },
      },
    };
    for (const listener of this.listeners) listener(message);
  }

  private async loadRecent(): Promise<ImportRecord[]> {
    this.recent ??= (await this.store.getSetting<ImportRecord[]>(SETTINGS_KEY)) ?? [];
    return this.recent;
  }
}

function fromReport(report: OhlcvCsvReport): Partial<ImportRecord> {
  return {
    instrument: report.instrument,
    rows: report.rows,
    timeframe: report.timeframe,
    duplicates: report.duplicates,
    barsWritten: report.barsWritten,
    first: report.first,
    last: report.last,
    delimiter: report.delimiter,
    columns: report.columns,
  };
}
