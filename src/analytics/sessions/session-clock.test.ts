import { describe, expect, it } from 'vitest';
import {
  formatDay,
  isoWeekday,
  parseSessionStart,
  SessionClock,
  SessionClockError,
  ZoneCalendar,
} from './session-clock.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const hours = (ms: number) => ms / 3_600_000;

describe('session clock', () => {
  it('makes the London session of the clocks-back day 25 hours and the clocks-forward day 23', () => {
    const london = new SessionClock('Europe/London', '08:00');
    const back = london.boundsOfDay(day('2023-10-29'));
    expect(back.start).toBe(Date.parse('2023-10-29T08:00:00Z'));
    expect(hours(back.end - back.start)).toBe(24);
    const before = london.boundsOfDay(day('2023-10-28'));
    expect(before.start).toBe(Date.parse('2023-10-28T07:00:00Z'));
    expect(hours(before.end - before.start)).toBe(25);
    const forward = london.boundsOfDay(day('2023-03-25'));
    expect(hours(forward.end - forward.start)).toBe(23);
  });

  it('makes a midnight New York session 25 hours on the day the clocks go back', () => {
    const ny = new SessionClock('America/New_York', '00:00');
    const bounds = ny.boundsOfDay(day('2023-11-05'));
    expect(bounds.start).toBe(Date.parse('2023-11-05T04:00:00Z'));
    expect(hours(bounds.end - bounds.start)).toBe(25);
  });

  it('reads a wall time the clocks skip with the offset before the change (02:30 → 03:30)', () => {
    const ny = new ZoneCalendar('America/New_York');
    expect(ny.instantOf(day('2024-03-10'), 150)).toBe(Date.parse('2024-03-10T07:30:00Z'));
  });

  it('takes the first of a wall time that happens twice', () => {
    const ny = new ZoneCalendar('America/New_York');
    expect(ny.instantOf(day('2024-11-03'), 90)).toBe(Date.parse('2024-11-03T05:30:00Z'));
  });

  it('puts an instant before the start time into the previous date session', () => {
    const ny = new SessionClock('America/New_York', '09:30');
    const early = ny.sessionAt(Date.parse('2023-02-01T14:29:00Z'));
    expect(formatDay(early.day)).toBe('2023-01-31');
    const atOpen = ny.sessionAt(Date.parse('2023-02-01T14:30:00Z'));
    expect(formatDay(atOpen.day)).toBe('2023-02-01');
  });

  it('names a Tokyo 09:00 session by its local date although it starts the UTC day before', () => {
    const tokyo = new SessionClock('Asia/Tokyo', '09:00');
    const bounds = tokyo.sessionAt(Date.parse('2023-02-01T00:00:00Z'));
    expect(formatDay(bounds.day)).toBe('2023-02-01');
    expect(bounds.start).toBe(Date.parse('2023-02-01T00:00:00Z'));
  });

  it('steps over a date the zone skipped (Samoa, 2011-12-30)', () => {
    const apia = new SessionClock('Pacific/Apia', '00:00');
    const bounds = apia.sessionAt(Date.parse('2011-12-30T10:30:00Z'));
    expect(formatDay(bounds.day)).toBe('2011-12-31');
    expect(bounds.end - bounds.start).toBe(86_400_000);
  });

  it('gives ISO weekdays, Monday 1 to Sunday 7', () => {
    expect(isoWeekday(day('2024-01-01'))).toBe(1);
    expect(isoWeekday(day('2024-01-07'))).toBe(7);
    expect(isoWeekday(day('1969-12-31'))).toBe(3);
  });

  it('refuses an unknown time zone and a time that is not HH:MM, naming the field', () => {
    expect(() => new ZoneCalendar('Mars/Olympus')).toThrow(SessionClockError);
    expect(() => new ZoneCalendar('Mars/Olympus')).toThrow(/tz must be an IANA time zone.*Mars\/Olympus/);
    for (const bad of ['24:00', '9:30', '09:60', '', 930]) {
      expect(() => parseSessionStart(bad)).toThrow(/sessionStart must be a local time HH:MM/);
    }
    expect(parseSessionStart('23:59')).toBe(1439);
  });
});
