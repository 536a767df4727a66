// What the source banner says in the first seconds after start: that Binance is being connected
// to and when the simulator takes over, and how far the simulator's history has been written.
import type { SourceHealth } from '../../api/types.ts';

export interface SourceNotice {
  tone: 'info' | 'warn';
  text: string;
}

/**
 * `elapsedMs`: time since the health was received, so the countdown runs between pushes.
 * Null when there is nothing to say (live, or the simulator streaming with its history written).
 */
export function sourceNotice(source: SourceHealth, elapsedMs: number): SourceNotice | null {
  if (source.state === 'connecting') {
    const venue = source.kind === 'binance-futures' ? 'Binance USD-M futures' : 'Binance';
    if (source.fallbackInMs === null) return { tone: 'info', text: `Connecting to ${venue}…` };
    const seconds = Math.max(0, Math.ceil((source.fallbackInMs - elapsedMs) / 1000));
    return {
      tone: 'info',
      text:
        seconds > 0
          ? `Connecting to ${venue}… falling back to the simulator in ${seconds}s if it cannot be reached.`
          : `${venue} could not be reached: switching to the simulator…`,
    };
  }
  const history = source.history;
  if (source.state === 'simulated' && history !== null && !history.done) {
    const span = history.to - history.from;
    const percent = span > 0 ? Math.floor(((history.reachedTs - history.from) / span) * 100) : 100;
    const hours = Math.round((span / 3_600_000) * 10) / 10;
    return {
      tone: 'warn',
      text: `SIMULATED prices: writing ${hours} h of simulated history… ${percent}%`,
    };
  }
  return null;
}
