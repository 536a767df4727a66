import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/index.js';
import type { BarHistory } from '../live/ports.js';
import { BUILT_IN_PROFILES } from './session-definition.js';
import { loadSessionStatistics, SessionRangeError, sessionSpan } from './session-history.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');
const utc = BUILT_IN_PROFILES[0];

function bars(from: number, minutes: number): Bar[] {
  return Array.from({ length: minutes }, (_, i) => {
    const price = 100 + Math.sin(i / 50) * 2;
    return {
      instrument: 'sim:AAA',
      timeframe: '1m',
      start: from + i * MINUTE,
      open: price,
      high: price + 0.1,
      low: price - 0.1,
      close: price,
      volume: 1,
      quoteVolume: price,
      trades: 1,
      buyVolume: 0.5,
      vwap: price,
    };
  });
}

/** A store holding `stored`, answering range reads as the Store does. */
function history(stored: Bar[]): BarHistory & { reads: Array<{ from?: number; to?: number }> } {
  const reads: Array<{ from?: number; to?: number }> = [];
  return {
    reads,
    flush: async () => {},
    readBars: async (q) => {
      reads.push({ from: q.from, to: q.to });
      return stored.filter(
        (b) => (q.from === undefined || b.start >= q.from) && (q.to === undefined || b.start < q.to),
      );
    },
  };
}

describe('session statistics from stored bars', () => {
  it('reads whole sessions: a from inside a session starts at the next one', () => {
    const store = history(bars(T0, 3 * 1440));
    return loadSessionStatistics(store, {
      instrument: 'sim:AAA',
      definition: utc,
      from: T0 + 5 * MINUTE,
      to: T0 + 2 * DAY + 1,
      asOf: T0 + 10 * DAY,
    }).then((stats) => {
      expect(store.reads).toEqual([{ from: T0 + DAY, to: T0 + 3 * DAY }]);
      expect(stats.sessions.map((s) => s.date)).toEqual(['2024-01-02', '2024-01-03']);
      expect(stats.report.all.n).toBe(2);
    });
  });

  it('joins the open bar to the open session, served as provisional', async () => {
    const stored = bars(T0, 1440 + 30);
    const open = bars(T0 + DAY + 30 * MINUTE, 1)[0];
    const stats = await loadSessionStatistics(
      history(stored),
      { instrument: 'sim:AAA', definition: utc, from: T0, asOf: T0 + DAY + 30.5 * MINUTE },
      open,
    );
    expect(stats.sessions.map((s) => s.date)).toEqual(['2024-01-01']);
    expect(stats.provisional).toMatchObject({ date: '2024-01-02', ibBars: 31 });
  });

  it('counts only the asked weekdays in the report', async () => {
    const stats = await loadSessionStatistics(history(bars(T0, 3 * 1440)), {
      instrument: 'sim:AAA',
      definition: utc,
      from: T0,
      to: T0 + 3 * DAY,
      asOf: T0 + 10 * DAY,
      weekdays: [2],
    });
    expect(stats.sessions).toHaveLength(3);
    expect(stats.report.all.n).toBe(1);
    expect(Object.keys(stats.report.byWeekday)).toEqual(['2']);
  });

  it('refuses an empty, inverted or too long range naming the field', () => {
    expect(() => sessionSpan(utc, T0, T0)).toThrow(SessionRangeError);
    expect(() => sessionSpan(utc, T0, T0 + 2000 * DAY)).toThrow(/more than 1100 days/);
  });
});
