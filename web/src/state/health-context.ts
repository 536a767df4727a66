// The latest server health, shared by every view (the SIMULATED label on charts reads it).
import { createContext, useContext } from 'react';
import type { HealthSnapshot } from './use-health.ts';

export const HealthContext = createContext<HealthSnapshot | null>(null);

export function useHealthSnapshot(): HealthSnapshot | null {
  return useContext(HealthContext);
}

export function useSimulated(): boolean {
  return useContext(HealthContext)?.health.source.simulated ?? false;
}
