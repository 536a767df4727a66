// Server health: fetched once over REST for a fast first paint, then pushed every second on the
// `status` channel (and recorded for the Status view's history chart). `receivedAt` lets the UI
// tell a fresh figure from a frozen one.
import { useEffect, useState } from 'react';
import { fetchHealth } from '../api/market-api.ts';
import { STATUS_CHANNEL, type Health } from '../api/types.ts';
import { recordHealth } from './health-history.ts';
import { useSocket } from './socket-context.ts';

export interface HealthSnapshot {
  health: Health;
  receivedAt: number;
}

export function useHealth(): HealthSnapshot | null {
  const socket = useSocket();
  const [snapshot, setSnapshot] = useState<HealthSnapshot | null>(null);

  useEffect(() => {
    const request = new AbortController();
    fetchHealth(request.signal)
      .then((health) => setSnapshot((current) => current ?? { health, receivedAt: Date.now() }))
      .catch(() => {
        // The socket banner already tells the user the server is unreachable.
      });
    const unsubscribe = socket.subscribe(STATUS_CHANNEL, (data) => {
      const health = data as Health;
      if (!health || typeof health !== 'object' || !('source' in health)) return;
      const snapshot = { health, receivedAt: Date.now() };
      recordHealth(snapshot);
      setSnapshot(snapshot);
    });
    return () => {
      request.abort();
      unsubscribe();
    };
  }, [socket]);

  return snapshot;
}
