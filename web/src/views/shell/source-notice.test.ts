import { describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../api/types.ts';
import { sourceNotice } from './source-notice.ts';

const base: SourceHealth = {
  kind: 'binance',
  simulated: false,
  state: 'connecting',
  since: 0,
  fallbackInMs: 15_000,
  history: null,
};

describe('sourceNotice', () => {
  it('counts down to the fallback while connecting, between health pushes too', () => {
    expect(sourceNotice(base, 0)?.text).toBe(
      'Connecting to Binance… falling back to the simulator in 15s if it cannot be reached.',
    );
    expect(sourceNotice(base, 10_200)?.text).toMatch(/in 5s/);
    expect(sourceNotice(base, 15_000)?.text).toBe('Binance could not be reached: switching to the simulator…');
  });

  it('says connecting without a countdown when the source never falls back', () => {
    expect(sourceNotice({ ...base, kind: 'binance-futures', fallbackInMs: null }, 0)?.text).toBe(
      'Connecting to Binance USD-M futures…',
    );
  });

  it('shows the simulated history progress, and nothing once it is written or the source is live', () => {
    const simulated: SourceHealth = {
      ...base,
      kind: 'sim',
      simulated: true,
      state: 'simulated',
      fallbackInMs: null,
      history: { from: 0, to: 86_400_000, reachedTs: 21_600_000, ticks: 1000, done: false },
    };
    expect(sourceNotice(simulated, 0)).toEqual({
      tone: 'warn',
      text: 'SIMULATED prices: writing 24 h of simulated history… 25%',
    });
    expect(sourceNotice({ ...simulated, history: { ...simulated.history!, done: true } }, 0)).toBeNull();
    expect(sourceNotice({ ...base, state: 'live', fallbackInMs: null }, 0)).toBeNull();
  });
});
