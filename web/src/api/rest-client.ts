// Typed REST client for /api/v1. Errors from the server keep their code and message so the UI
// can say what went wrong instead of "request failed".
import type { ApiErrorBody, Bar, Health, Instrument, InstrumentId, Timeframe } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const API_BASE = '/api/v1';

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { signal, headers: { accept: 'application/json' } });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network', `server unreachable (${API_BASE}${path})`);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    const error = body?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `${response.status} ${response.statusText} for ${path}`,
      error?.details,
    );
  }
  return (await response.json()) as T;
}

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return getJson<Health>('/health', signal);
}

export function fetchInstruments(signal?: AbortSignal): Promise<Instrument[]> {
  return getJson<Instrument[]>('/instruments', signal);
}

export interface BarsQuery {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Epoch ms; without it the server returns the latest `limit` bars. */
  from?: number;
  to?: number;
  limit?: number;
}

export function fetchBars(query: BarsQuery, signal?: AbortSignal): Promise<Bar[]> {
  const params = new URLSearchParams({ instrument: query.instrument, timeframe: query.timeframe });
  if (query.from !== undefined) params.set('from', String(query.from));
  if (query.to !== undefined) params.set('to', String(query.to));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  return getJson<Bar[]>(`/bars?${params}`, signal);
}
