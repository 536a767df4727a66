import { describe, expect, it } from 'vitest';
import { formatUtcInput, parseUtcInput } from './utc-input.ts';

describe('utc input', () => {
  it('reads a date, a date-time and a date-time with seconds as UTC', () => {
    expect(parseUtcInput('2024-01-02')).toEqual({ ms: Date.UTC(2024, 0, 2) });
    expect(parseUtcInput(' 2024-01-02 08:30 ')).toEqual({ ms: Date.UTC(2024, 0, 2, 8, 30) });
    expect(parseUtcInput('2024-01-02T08:30:15Z')).toEqual({ ms: Date.UTC(2024, 0, 2, 8, 30, 15) });
  });

  it('refuses other forms and dates that do not exist, saying what it accepts', () => {
    expect(parseUtcInput('02/01/2024')).toEqual({
      error: '"02/01/2024" is not a UTC time; use YYYY-MM-DD or YYYY-MM-DD HH:MM',
    });
    expect(parseUtcInput('2024-02-30')).toEqual({ error: '"2024-02-30" is not a date that exists' });
    expect(parseUtcInput('2024-01-02 24:00')).toHaveProperty('error');
  });

  it('writes back what it reads', () => {
    for (const ms of [Date.UTC(2024, 0, 2, 8, 30), Date.UTC(2024, 0, 2, 8, 30, 15)]) {
      expect(parseUtcInput(formatUtcInput(ms))).toEqual({ ms });
    }
    expect(formatUtcInput(Date.UTC(2024, 0, 2, 8, 30))).toBe('2024-01-02 08:30');
  });
});
