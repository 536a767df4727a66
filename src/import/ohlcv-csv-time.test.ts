import { describe, expect, it } from 'vitest';
import { ImportOptionsError } from './ohlcv-csv-problems.js';
import { parseIsoOrEpoch, timeParser } from './ohlcv-csv-time.js';

const NOON = Date.UTC(2024, 0, 2, 12, 0, 0);

describe('OHLCV CSV times', () => {
  it('reads ISO-8601 with and without a zone, a zone-less time being UTC', () => {
    expect(parseIsoOrEpoch('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseIsoOrEpoch('2024-01-02T12:00:00Z')).toBe(NOON);
    expect(parseIsoOrEpoch('2024-01-02 12:00')).toBe(NOON);
    expect(parseIsoOrEpoch('2024-01-02T14:00:00.250+02:00')).toBe(NOON + 250);
    expect(parseIsoOrEpoch('2024-01-02T07:30:00-0430')).toBe(NOON);
  });

  it('tells epoch seconds, milliseconds and microseconds apart per value', () => {
    expect(parseIsoOrEpoch(String(NOON / 1000))).toBe(NOON);
    expect(parseIsoOrEpoch(String(NOON))).toBe(NOON);
    expect(parseIsoOrEpoch(`${NOON}123`)).toBe(NOON + 0.123);
  });

  it('refuses what it cannot read as a time instead of guessing', () => {
    expect(parseIsoOrEpoch('20240102')).toEqual({ error: expect.stringMatching(/compact date .* YYYYMMDD/) });
    expect(parseIsoOrEpoch('2024-02-30')).toEqual({ error: 'is not a valid date and time' });
    expect(parseIsoOrEpoch('02/01/2024')).toEqual({ error: expect.stringMatching(/ISO-8601/) });
  });

  it('reads a given pattern or epoch unit as UTC', () => {
    expect(timeParser('DD/MM/YYYY HH:mm')('02/01/2024 12:00')).toBe(NOON);
    expect(timeParser('YYYYMMDD')('20240102')).toBe(Date.UTC(2024, 0, 2));
    expect(timeParser('DD.MM.YYYY')('2024-01-02')).toEqual({ error: 'does not match the time format DD.MM.YYYY' });
    expect(timeParser('epoch-s')('1704196800')).toBe(NOON);
    expect(() => timeParser('HH:mm')).toThrow(ImportOptionsError);
  });
});
