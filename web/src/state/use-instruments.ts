// Instruments the server knows, loaded over REST, reloaded after every reconnect (the server may
// have restarted with a different source) and on demand (after adding a symbol).
import { useCallback, useEffect, useState } from 'react';
import { fetchInstruments } from '../api/market-api.ts';
import type { Instrument } from '../api/types.ts';
import { useConnectionState } from './use-connection-state.ts';

export interface InstrumentsState {
  instruments: Instrument[] | null;
  error: string | null;
  reload(): void;
}

export function useInstruments(): InstrumentsState {
  const { generation } = useConnectionState();
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<Omit<InstrumentsState, 'reload'>>({ instruments: null, error: null });

  useEffect(() => {
    const request = new AbortController();
    fetchInstruments(request.signal)
      .then((instruments) => setState({ instruments, error: null }))
      .catch((error: unknown) => {
        if (!request.signal.aborted) setState((current) => ({ ...current, error: String((error as Error)?.message ?? error) }));
      });
    return () => request.abort();
  }, [generation, reloads]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { ...state, reload };
}
