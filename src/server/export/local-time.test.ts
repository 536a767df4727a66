import { describe, expect, it } from 'vitest';
import { localIso, requireTimeZone, withLocalTime } from './local-time.js';
import type { Column } from './table-export.js';

describe('local ISO time', () => {
  it('carries the offset of the zone on each side of a clock change', () => {
    const beforeSpring = Date.UTC(2024, 2, 31, 0, 59, 59, 999);
    expect(localIso(beforeSpring, 'Europe/Berlin')).toBe('2024-03-31T01:59:59.999+01:00');
    expect(localIso(beforeSpring + 1, 'Europe/Berlin')).toBe('2024-03-31T03:00:00.000+02:00');
  });

  it('writes negative and half-hour offsets, and cuts sub-millisecond fractions', () => {
    expect(localIso(Date.UTC(2024, 0, 2, 3, 4, 5, 678) + 0.9, 'America/St_Johns')).toBe(
      '2024-01-01T23:34:05.678-03:30',
    );
    expect(localIso(0, 'UTC')).toBe('1970-01-01T00:00:00.000+00:00');
  });

  it('refuses a name that is not a zone, as a 400 naming the field', () => {
    expect(requireTimeZone(undefined)).toBeUndefined();
    expect(requireTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(() => requireTimeZone('CEST+1')).toThrow('tz "CEST+1" is not an IANA time zone');
  });

  it('adds a time column right after the epoch column, empty where the epoch is missing', () => {
    const columns: Column<{ start: number | null; v: number }>[] = [
      { name: 'start', kind: 'bigint', value: (r) => r.start },
      { name: 'v', kind: 'double', value: (r) => r.v },
    ];
    const shown = withLocalTime(columns, 'start', 'Asia/Tokyo');
    expect(shown.map((c) => c.name)).toEqual(['start', 'time', 'v']);
    expect(shown[1].value({ start: 0, v: 1 })).toBe('1970-01-01T09:00:00.000+09:00');
    expect(shown[1].value({ start: null, v: 1 })).toBeNull();
    expect(withLocalTime(columns, 'start', undefined)).toBe(columns);
  });
});
