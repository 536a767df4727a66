import { describe, expect, it } from 'vitest';
import { MAX_EPOCH_MS, parseTimeParam } from './time-param.js';

const NOON = Date.UTC(2024, 0, 1, 12, 0, 0);

describe('parseTimeParam', () => {
  it.each([
    ['1704110400000', NOON],
    ['0', 0],
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01T12:00:00Z', NOON],
    ['2024-01-01T12:00Z', NOON],
    ['2024-01-01T12:00:00', NOON],
    ['2024-01-01 12:00:00', NOON],
    ['2024-01-01T12:00:00.250Z', NOON + 250],
    ['2024-01-01T12:00:00.2509999Z', NOON + 250],
    ['2024-01-01T14:00:00+02:00', NOON],
    ['2024-01-01T14:00:00+0200', NOON],
    ['2024-01-01T07:30:00-04:30', NOON],
    ['2024-01-01T14:00:00 02:00', NOON],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('reads %s', (text, want) => {
    expect(parseTimeParam(text)).toBe(want);
  });

  it.each([
    'abc',
    '',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-01-01T24:00:00Z',
    '2024-01-01T12:60Z',
    '2024-01-01T12:00:00+25:00',
    '2024/01/01',
    '1e400',
    'Infinity',
    '-1',
    '1.5',
    String(MAX_EPOCH_MS + 1),
    '1969-12-31T23:59:59Z',
  ])('refuses %j', (text) => {
    expect(parseTimeParam(text)).toBeNull();
  });
});
