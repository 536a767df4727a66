// Connection phase of the shared socket as React state.
import { useCallback, useSyncExternalStore } from 'react';
import type { ConnectionState } from '../api/market-socket.ts';
import { useSocket } from './socket-context.ts';

export function useConnectionState(): ConnectionState {
  const socket = useSocket();
  const subscribe = useCallback((onChange: () => void) => socket.onStateChange(onChange), [socket]);
  return useSyncExternalStore(subscribe, () => socket.getState());
}
