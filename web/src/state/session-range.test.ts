import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../api/sessions-api.ts';
import { lastSessionsFrom, parseSessionParams, spanQuery, utcDateMs } from './session-range.ts';

const DAY = 86_400_000;

describe('session range', () => {
  it('reads the address bar, with defaults for what is missing or malformed', () => {
    expect(parseSessionParams({})).toEqual({
      instrument: null,
      profile: 'utc',
      range: 'all',
      from: null,
      to: null,
      session: null,
    });
    const parsed = parseSessionParams({ instrument: 'binance:BTCUSDT', profile: 'ny', range: '90', session: '2023-2' });
    expect(parsed).toMatchObject({ instrument: 'binance:BTCUSDT', profile: 'ny', range: '90', session: null });
    expect(parseSessionParams({ range: 'week' }).range).toBe('all');
  });

  it('refuses dates that do not exist', () => {
    expect(utcDateMs('2023-02-01')).toBe(Date.UTC(2023, 1, 1));
    expect(utcDateMs('2023-02-30')).toBeNull();
    expect(utcDateMs(null)).toBeNull();
  });

  it('ends ranges counted in sessions at the newest bar, reaching as far back as the server allows', () => {
    const newest = Date.UTC(2023, 1, 28, 23, 59);
    const span = spanQuery(parseSessionParams({ range: '30' }), newest);
    expect(span).toEqual({ from: newest + 60_000 - 1100 * DAY, to: newest + 60_000 });
    expect(spanQuery(parseSessionParams({}), null)).toEqual({});
  });

  it('takes a custom range as UTC dates and names what is wrong with it', () => {
    const custom = (from: string, to: string) => spanQuery(parseSessionParams({ range: 'custom', from, to }), 0);
    expect(custom('2023-02-01', '2023-03-01')).toEqual({ from: Date.UTC(2023, 1, 1), to: Date.UTC(2023, 2, 1) });
    expect(custom('2023-03-01', '2023-02-01')).toEqual({ problem: 'from (2023-03-01) must be before to (2023-02-01)' });
    expect(custom('2023-02-31', '2023-03-01')).toEqual({ problem: 'from must be a date YYYY-MM-DD, got "2023-02-31"' });
    expect(custom('2019-01-01', '2023-03-01')).toEqual({ problem: 'a custom range spans at most 1100 days' });
  });

  it('cuts to the last N sessions only when there are more than N', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ start: i * DAY }) as SessionRow);
    expect(lastSessionsFrom(rows, '30')).toBe(10 * DAY);
    expect(lastSessionsFrom(rows, '90')).toBeNull();
    expect(lastSessionsFrom(rows, 'all')).toBeNull();
  });
});
