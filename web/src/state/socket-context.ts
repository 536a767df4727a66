// The one MarketSocket of the page, provided to every component that needs live data.
import { createContext, useContext } from 'react';
import type { MarketSocket } from '../api/market-socket.ts';

export const SocketContext = createContext<MarketSocket | null>(null);

export function useSocket(): MarketSocket {
  const socket = useContext(SocketContext);
  if (!socket) throw new Error('useSocket must be used inside <SocketContext.Provider>');
  return socket;
}
