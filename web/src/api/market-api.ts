// Market data and system endpoints: health, instruments (list, add, remove), bars and gaps.
import { getJson, query, requestJson } from './http.ts';
import type { Bar, Gap, Health, Instrument, InstrumentId, InstrumentStreaming, Timeframe } from './types.ts';

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return getJson<Health>('/health', signal);
}

let prefetchedInstruments: Promise<Instrument[]> | null = null;

/** Starts loading the instrument list before the first render; the first fetchInstruments() takes it. */
export function prefetchInstruments(): void {
  prefetchedInstruments = getJson<Instrument[]>('/instruments');
  prefetchedInstruments.catch(() => {
    // The consumer's own request reports the failure.
  });
}

export function fetchInstruments(signal?: AbortSignal): Promise<Instrument[]> {
  const prefetched = prefetchedInstruments;
  prefetchedInstruments = null;
  return prefetched ?? getJson<Instrument[]>('/instruments', signal);
}

/** Starts streaming a live symbol; the server answers 409 when its source has a fixed set. */
export function addInstrument(id: string): Promise<InstrumentStreaming> {
  return requestJson('POST', '/instruments', { id });
}

export function removeInstrument(id: InstrumentId): Promise<InstrumentStreaming> {
  return requestJson('DELETE', `/instruments/${encodeURIComponent(id)}`);
}

export interface BarsQuery {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** Epoch ms, inclusive; without it the server returns the latest `limit` bars before `to`. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  limit?: number;
}

export function fetchBars(q: BarsQuery, signal?: AbortSignal): Promise<Bar[]> {
  return getJson<Bar[]>(`/bars${query({ ...q })}`, signal);
}

export function fetchGaps(limit = 200, signal?: AbortSignal): Promise<Gap[]> {
  return getJson<Gap[]>(`/gaps${query({ limit })}`, signal);
}
