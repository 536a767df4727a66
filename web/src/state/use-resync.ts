// For REST-loaded state that the socket does not replay: a token that changes when a connection
// opens that the last load was not made under (a reconnect, or a first connect after the load),
// so the caller reloads exactly then and not on the first connect that came before its load.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocket } from './socket-context.ts';

export interface Resync {
  token: number;
  /** Call when a load starts. */
  markLoading(): void;
}

export function useResync(): Resync {
  const socket = useSocket();
  const synced = useRef(-2);
  const [token, setToken] = useState(0);
  useEffect(
    () =>
      socket.onStateChange((state) => {
        if (state.phase === 'connected' && synced.current !== -2 && state.generation !== synced.current)
          setToken((count) => count + 1);
      }),
    [socket],
  );
  const markLoading = useCallback(() => {
    synced.current = socket.syncPoint();
  }, [socket]);
  return { token, markLoading };
}
