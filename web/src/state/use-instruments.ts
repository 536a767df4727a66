// Instruments the server knows, loaded over REST (the first time from the request main.tsx started
// before the first render), reloaded after a reconnect (the server may have restarted with a
// different source) and on demand (after adding a symbol).
import { useCallback, useEffect, useState } from 'react';
import { fetchInstruments } from '../api/market-api.ts';
import type { Instrument } from '../api/types.ts';
import { useResync } from './use-resync.ts';

export interface InstrumentsState {
  instruments: Instrument[] | null;
  error: string | null;
  /** Fetches the list again; resolves once the new list is in state. */
  reload(): Promise<void>;
}

export function useInstruments(): InstrumentsState {
  const { token, markLoading } = useResync();
  const [state, setState] = useState<Omit<InstrumentsState, 'reload'>>({ instruments: null, error: null });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `token` (a reconnect) is what makes it load again.
  useEffect(() => {
    const request = new AbortController();
    markLoading();
    fetchInstruments(request.signal)
      .then((instruments) => setState({ instruments, error: null }))
      .catch((error: unknown) => {
        if (!request.signal.aborted)
          setState((current) => ({ ...current, error: String((error as Error)?.message ?? error) }));
      });
    return () => request.abort();
  }, [token, markLoading]);

  const reload = useCallback(async () => {
    const instruments = await fetchInstruments();
    setState({ instruments, error: null });
  }, []);
  return { ...state, reload };
}
