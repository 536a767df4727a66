// Server health: fetched once over REST for a fast first paint, then pushed every second on the
// `status` channel (and recorded for the Status view's history chart), with the rates derived from
// the last few seconds of it. Held by the app for its whole life, so a view opened later shows the
// rates at once. `receivedAt` lets the UI tell a fresh figure from a frozen one.
import { useEffect, useState } from 'react';
import { fetchHealth } from '../api/market-api.ts';
import { STATUS_CHANNEL, type Health } from '../api/types.ts';
import { recordHealth } from './health-history.ts';
import { HealthRateTracker, type HealthRates } from './health-rates.ts';
import { useSocket } from './socket-context.ts';

export interface HealthSnapshot {
  health: Health;
  receivedAt: number;
  rates: HealthRates;
}

export function useHealth(): HealthSnapshot | null {
  const socket = useSocket();
  const [snapshot, setSnapshot] = useState<HealthSnapshot | null>(null);

  useEffect(() => {
    const tracker = new HealthRateTracker();
    const timed = (health: Health) => {
      const receivedAt = Date.now();
      return { health, receivedAt, rates: tracker.add({ health, receivedAt }) };
    };
    let pushed = false;
    const request = new AbortController();
    fetchHealth(request.signal)
      .then((health) => {
        if (!pushed) setSnapshot(timed(health));
      })
      .catch(() => {
        // The socket banner already tells the user the server is unreachable.
      });
    const unsubscribe = socket.subscribe(STATUS_CHANNEL, (data) => {
      const health = data as Health;
      if (!health || typeof health !== 'object' || !('source' in health)) return;
      pushed = true;
      const snapshot = timed(health);
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
