// Instruments the server knows, loaded over REST and reloaded after every reconnect (the server
// may have restarted with a different source).
import { useEffect, useState } from 'react';
import { fetchInstruments } from '../api/rest-client.ts';
import type { Instrument } from '../api/types.ts';
import { useConnectionState } from './use-connection-state.ts';

export interface InstrumentsState {
  instruments: Instrument[] | null;
  error: string | null;
}

export function useInstruments(): InstrumentsState {
  const { generation } = useConnectionState();
  const [state, setState] = useState<InstrumentsState>({ instruments: null, error: null });

  useEffect(() => {
    const request = new AbortController();
    fetchInstruments(request.signal)
      .then((instruments) => setState({ instruments, error: null }))
      .catch((error: unknown) => {
        if (!request.signal.aborted) setState((current) => ({ ...current, error: String((error as Error)?.message ?? error) }));
      });
    return () => request.abort();
  }, [generation]);

  return state;
}
