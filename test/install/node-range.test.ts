import { describe, expect, it } from 'vitest';
import { satisfiesNodeRange } from './node-range.js';

describe('satisfiesNodeRange', () => {
  it.each([
    ['20.19.0', '>=20.19'],
    ['20.19.0', '>=18'],
    ['20.19.0', '>= 0.8'],
    ['20.19.0', '>= 10.x'],
    ['20.19.0', '^20.19.0 || >=22.12.0'],
    ['20.19.0', '^20.0.0 || ^22.0.0 || >=24.0.0'],
    ['20.19.0', '18 || 20 || >=22'],
    ['20.19.0', '20.x'],
    ['20.19.0', '>=16 || 14 >=14.17'],
    ['20.19.0', '^10 || ^12 || ^13.7 || ^14 || >=15.0.1'],
    ['20.19.0', '~20.19.0'],
    ['20.19.0', '>=18 <21'],
    ['20.19.0', '<=20'],
    ['20.19.0', '*'],
    ['20.19.0', ''],
    ['0.2.5', '^0.2'],
  ])('%s satisfies "%s"', (version, range) => {
    expect(satisfiesNodeRange(version, range)).toBe(true);
  });

  it.each([
    ['20.19.0', '>=22'],
    ['20.19.0', '>=20.20'],
    ['20.19.0', '^20.20.0 || >=22.12.0'],
    ['20.19.0', '^22.13.0 || >=23.5.0'],
    ['20.19.0', '18 || >=22'],
    ['20.19.0', '^19'],
    ['20.19.0', '~20.18.0'],
    ['20.19.0', '>=18 <20'],
    ['20.19.0', '<20.19.0'],
    ['20.19.0', '>20'],
    ['20.19.0', '<=19'],
    ['0.3.0', '^0.2'],
    ['14.16.0', '>=16 || 14 >=14.17'],
  ])('%s does not satisfy "%s"', (version, range) => {
    expect(satisfiesNodeRange(version, range)).toBe(false);
  });

  it('throws on a form it cannot read, naming the range', () => {
    expect(() => satisfiesNodeRange('20.19.0', '18 - 22')).toThrow('engines range "18 - 22"');
    expect(() => satisfiesNodeRange('20.19.0', 'node20')).toThrow('cannot read');
  });
});
