import { describe, expect, it } from 'vitest';
import { readSessionPush, type SessionRow, type SessionStatistics } from '../api/sessions-api.ts';
import { BarCloseWatch, openSessionStart, stepFromOpenSession, stepFromPush } from './session-live.ts';

const row = (date: string, start: number) => ({ date, start, end: start + 100, ibHigh: 2, ibLow: 1 }) as SessionRow;
const stats = (sessions: SessionRow[], provisional: SessionStatistics['provisional'] = null) =>
  ({ sessions, skipped: [], provisional }) as unknown as SessionStatistics;

describe('live open session', () => {
  it('sees a 1m bar close when the next bar starts, and every amendment', () => {
    const watch = new BarCloseWatch();
    expect(watch.seen({ start: 0, amended: false })).toBe(false);
    expect(watch.seen({ start: 0, amended: false })).toBe(false);
    expect(watch.seen({ start: 60_000, amended: false })).toBe(true);
    expect(watch.seen({ start: 60_000, amended: false })).toBe(false);
    expect(watch.seen({ start: 0, amended: true })).toBe(true);
  });

  it('reads channel pushes and ignores anything else', () => {
    const open = { ...row('2023-02-02', 100), ibBars: 3, elapsedMinutes: 3 };
    expect(readSessionPush({ type: 'session', provisional: true, row: open })).toEqual({
      provisional: true,
      row: open,
    });
    expect(readSessionPush({ type: 'bar', provisional: true, row: open })).toBeNull();
    expect(readSessionPush({ type: 'session', provisional: 'yes', row: open })).toBeNull();
    expect(readSessionPush({ type: 'session', provisional: false, row: { date: 1 } })).toBeNull();
    expect(readSessionPush(null)).toBeNull();
  });

  it('replaces the provisional session on a provisional push and reloads on a final row', () => {
    const open = { ...row('2023-02-02', 100), ibBars: 3, elapsedMinutes: 3 };
    expect(stepFromPush({ provisional: true, row: open })).toEqual({ kind: 'provisional', provisional: open });
    expect(stepFromPush({ provisional: false, row: row('2023-02-01', 0) })).toEqual({ kind: 'reload' });
  });

  it('reloads when the open session has closed since the range was loaded', () => {
    const shown = stats([row('2023-02-01', 0)], { ...row('2023-02-02', 100), ibBars: 60, elapsedMinutes: 70 });
    expect(openSessionStart(shown)).toBe(100);
    expect(openSessionStart(stats([row('2023-02-01', 0)]))).toBe(100);
    const still = { ...row('2023-02-02', 100), ibBars: 60, elapsedMinutes: 71 };
    expect(stepFromOpenSession(shown, stats([], still))).toEqual({ kind: 'provisional', provisional: still });
    expect(stepFromOpenSession(shown, stats([row('2023-02-02', 100)]))).toEqual({ kind: 'reload' });
  });
});
