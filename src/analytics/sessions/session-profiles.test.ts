import { describe, expect, it } from 'vitest';
import { parseSessionProfiles, SessionProfiles } from './session-profiles.js';

describe('session profiles', () => {
  it('adds configured profiles to the built-in ones and lets one redefine a built-in', () => {
    const configured = parseSessionProfiles(
      [
        { name: 'tokyo', tz: 'Asia/Tokyo', sessionStart: '09:00', ibMinutes: 120, minCoverage: 0.9 },
        { name: 'ny', tz: 'America/New_York', sessionStart: '09:30', ibMinutes: 60 },
      ],
      'sessionProfiles',
    );
    const profiles = new SessionProfiles(configured);
    expect(profiles.names()).toEqual(['utc', 'ny', 'london', 'tokyo']);
    expect(profiles.get('ny')?.ibMinutes).toBe(60);
    expect(profiles.get('tokyo')).toMatchObject({ minCoverage: 0.9, extensionLevels: [0.5, 1, 1.5, 2, 3] });
  });

  it('names the profile and field of a bad entry', () => {
    expect(() =>
      parseSessionProfiles([{ name: 'x', tz: 'Nowhere/Land', sessionStart: '00:00', ibMinutes: 60 }], 'p'),
    ).toThrow(/p\[0\]: tz must be an IANA time zone/);
    expect(() => parseSessionProfiles([{ name: 'Bad Name' }], 'p')).toThrow(/p\[0\]\.name must be lower-case/);
    const twice = { name: 'a', tz: 'UTC', sessionStart: '00:00', ibMinutes: 60 };
    expect(() => parseSessionProfiles([twice, twice], 'p')).toThrow(/names the profile "a" twice/);
    expect(() => parseSessionProfiles({}, 'p')).toThrow(/p must be a list of profiles/);
  });
});
