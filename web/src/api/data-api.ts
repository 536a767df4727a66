// History endpoints: stored coverage, the daily sync, CSV imports (a multipart upload whose bytes
// sent are reported as they go) and the addresses of bar exports.
import type {
  Coverage,
  CoverageDetail,
  CsvProblem,
  ImportList,
  ImportRecord,
  ImportRequest,
  SyncStatus,
} from './data-types.ts';
import { API_BASE, ApiError, getJson, query, requestJson } from './http.ts';
import type { ApiErrorBody, InstrumentId, Timeframe } from './types.ts';

export function fetchCoverage(signal?: AbortSignal): Promise<Coverage[]> {
  return getJson('/coverage', signal);
}

export function fetchCoverageDetail(
  instrument: InstrumentId,
  timeframe: Timeframe,
  signal?: AbortSignal,
): Promise<CoverageDetail> {
  return getJson(`/coverage${query({ instrument, timeframe })}`, signal);
}

/** Recent imports and validations: running ones first, then the newest finished ones. */
export function fetchImports(signal?: AbortSignal): Promise<ImportRecord[]> {
  return getJson<ImportList>('/imports', signal).then((list) => list.imports);
}

/** The sync's state, or why this server has none (it syncs only a Binance source: 409 not_supported). */
export function fetchSync(signal?: AbortSignal): Promise<SyncStatus | { unavailable: string }> {
  return getJson<SyncStatus>('/sync', signal).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 409 && error.code === 'not_supported')
      return { unavailable: error.message };
    throw error;
  });
}

/** Starts a sync run now; the server answers 202 and the run shows in GET /sync. */
export function startSync(): Promise<void> {
  return requestJson('POST', '/sync').then(
    () => undefined,
    (error: unknown) => {
      // A 202 may come without a body: the run was started all the same.
      if (error instanceof SyntaxError) return;
      throw error;
    },
  );
}

export function importUrl(request: Omit<ImportRequest, 'file'>): string {
  return `${API_BASE}/imports${query({
    instrument: request.instrument,
    timeframe: request.timeframe,
    map: request.map || undefined,
    timeFormat: request.timeFormat || undefined,
    delimiter: request.delimiter || undefined,
    onDuplicate: request.onDuplicate,
    dryRun: request.dryRun,
  })}`;
}

/** The rows the server refused, from an error's details; empty when it named none. */
export function importProblems(error: unknown): CsvProblem[] {
  const details = error instanceof ApiError ? (error.details as { problems?: unknown } | undefined) : undefined;
  return Array.isArray(details?.problems) ? (details.problems as CsvProblem[]) : [];
}

/**
 * Uploads the file as the multipart field `file`. XMLHttpRequest rather than fetch: only it
 * reports the bytes sent, which is the progress of a large upload until the server parses it.
 */
export function uploadImport(
  request: ImportRequest,
  onSent: (bytes: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ImportRecord> {
  const form = new FormData();
  form.append('file', request.file, request.file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', importUrl(request));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => onSent(event.loaded, event.lengthComputable ? event.total : request.file.size);
    xhr.onerror = () => reject(new ApiError(0, 'network', `server unreachable (POST ${API_BASE}/imports)`));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: the status line says what happened.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((body as { import: ImportRecord }).import);
        return;
      }
      const error = (body as ApiErrorBody | null)?.error;
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? `http_${xhr.status}`,
          error?.message ?? `${xhr.status} ${xhr.statusText} for POST /imports`,
          error?.details,
        ),
      );
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

export type ExportFormat = 'csv' | 'parquet';

export interface BarsExport {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  format: ExportFormat;
}

/** The download address of bars in a range; CSV times are read in UTC, like every time on screen. */
export function barsExportUrl(request: BarsExport): string {
  return `${API_BASE}/bars${query({
    instrument: request.instrument,
    timeframe: request.timeframe,
    from: Math.floor(request.from),
    to: Math.ceil(request.to),
    format: request.format,
    tz: request.format === 'csv' ? 'UTC' : undefined,
  })}`;
}
