// Rates between the last two health snapshots, as React state.
import { useRef } from 'react';
import { healthRates, type HealthRates, type TimedHealth } from './health-rates.ts';
import type { HealthSnapshot } from './use-health.ts';

export function useHealthRates(snapshot: HealthSnapshot | null): HealthRates {
  const memory = useRef<{ previous: TimedHealth | null; current: TimedHealth | null; rates: HealthRates }>({
    previous: null,
    current: null,
    rates: { messagesPerSec: null, tradesPerSecByStream: new Map() },
  });
  const state = memory.current;
  if (snapshot && snapshot !== state.current) {
    state.previous = state.current;
    state.current = snapshot;
    state.rates = healthRates(state.previous, snapshot);
  }
  return state.rates;
}
