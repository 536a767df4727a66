// Where sessions begin and end in UTC: the local calendar of an IANA time zone read through Intl
// (Node 20 ships full ICU, so no time-zone database of our own). A session is named by the local
// date D on which it starts; it runs from `sessionStart` on D to `sessionStart` on D + 1, which is
// 23 or 25 hours long on the days the clocks change.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Thrown for a time zone or a time of day that cannot be used; the message names the value. */
export class SessionClockError extends Error {
  override name = 'SessionClockError';
  constructor(
    readonly field: 'tz' | 'sessionStart',
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** Minutes after local midnight from `HH:MM` (00:00 … 23:59). */
export function parseSessionStart(text: unknown): number {
  const match = typeof text === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text) : null;
  if (!match) {
    throw new SessionClockError(
      'sessionStart',
      text,
      `sessionStart must be a local time HH:MM from 00:00 to 23:59, got ${JSON.stringify(text)}`,
    );
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * The local calendar of one time zone. Offsets come from one cached Intl formatter; UTC and
 * fixed-offset zones never consult it, which keeps the common `UTC 00:00` profile cheap.
 */
export class ZoneCalendar {
  private readonly parts: Intl.DateTimeFormat | null;

  constructor(readonly timeZone: string) {
    let resolved: string;
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    } catch {
      throw new SessionClockError(
        'tz',
        timeZone,
        `tz must be an IANA time zone such as UTC, America/New_York or Europe/London, got ${JSON.stringify(timeZone)}`,
      );
    }
    this.parts =
      resolved === 'UTC' || resolved === 'Etc/UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
  }

  /** Local time minus UTC at instant `ts`, in ms. */
  offsetAt(ts: number): number {
    if (this.parts === null) return 0;
    const f: Record<string, number> = {};
    for (const part of this.parts.formatToParts(ts)) if (part.type !== 'literal') f[part.type] = Number(part.value);
    const wholeSecond = Math.floor(ts / 1000) * 1000;
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - wholeSecond;
  }

  /** Local day number (days since 1970-01-01 on the local calendar) of instant `ts`. */
  localDay(ts: number): number {
    return Math.floor((ts + this.offsetAt(ts)) / DAY_MS);
  }

  /**
   * The instant of local wall time `minutes` after midnight of `day`. A wall time that happens
   * twice (clocks set back) is its first occurrence; one that does not exist (clocks set forward)
   * is read with the offset before the change, so 02:30 on a spring-forward night is 03:30. This is
   * Temporal's 'compatible' rule and Python's zoneinfo with fold=0.
   */
  instantOf(day: number, minutes: number): number {
    const wall = day * DAY_MS + minutes * MINUTE_MS;
    if (this.parts === null) return wall;
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    let earliest = Number.POSITIVE_INFINITY;
    for (const offset of before === after ? [before] : [before, after]) {
      const ts = wall - offset;
      if (this.offsetAt(ts) === offset && ts < earliest) earliest = ts;
    }
    return Number.isFinite(earliest) ? earliest : wall - before;
  }
}

export interface SessionBounds {
  /** Local date the session starts on, as a day number. */
  day: number;
  start: number;
  end: number;
}

/** Sessions of one zone and start time: the one holding an instant, and the one of a date. */
export class SessionClock {
  private readonly calendar: ZoneCalendar;
  private readonly startMinutes: number;

  constructor(timeZone: string, sessionStart: string) {
    this.calendar = new ZoneCalendar(timeZone);
    this.startMinutes = parseSessionStart(sessionStart);
  }

  boundsOfDay(day: number): SessionBounds {
    return {
      day,
      start: this.calendar.instantOf(day, this.startMinutes),
      end: this.calendar.instantOf(day + 1, this.startMinutes),
    };
  }

  /** The session whose [start, end) holds `ts`. */
  sessionAt(ts: number): SessionBounds {
    let bounds = this.boundsOfDay(this.calendar.localDay(ts));
    // Before the start time the instant belongs to the previous date's session; the loops also
    // step over the empty sessions of dates a zone skipped (Pacific/Apia, 2011-12-30).
    while (ts < bounds.start) bounds = this.boundsOfDay(bounds.day - 1);
    while (ts >= bounds.end) bounds = this.boundsOfDay(bounds.day + 1);
    return bounds;
  }
}
