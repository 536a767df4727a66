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

/** Settings in memory, as the store keeps them (JSON round trip). */
function memorySettings() {
  const values = new Map<string, string>();
  return {
    getSetting: async <T>(key: string) => (values.has(key) ? (JSON.parse(values.get(key)!) as T) : undefined),
    setSetting: async (key: string, value: unknown) => void values.set(key, JSON.stringify(value)),
  };
}

describe('session profiles created over the API', () => {
  const asia = { name: 'asia', tz: 'Asia/Singapore', sessionStart: '08:00', ibMinutes: 60 };

  it('are stored, survive a new registry and can be replaced and deleted', async () => {
    const settings = memorySettings();
    const first = new SessionProfiles();
    await first.save(asia, settings);
    await first.save({ ...asia, ibMinutes: 30 }, settings);
    const restarted = new SessionProfiles();
    await restarted.load(settings);
    expect(restarted.get('asia')?.ibMinutes).toBe(30);
    expect(restarted.names()).toEqual(['utc', 'ny', 'london', 'asia']);
    await restarted.remove('asia', settings);
    const again = new SessionProfiles();
    await again.load(settings);
    expect(again.get('asia')).toBeUndefined();
  });

  it('cannot replace or delete a built-in or configured profile, nor delete one that is not there', async () => {
    const settings = memorySettings();
    const profiles = new SessionProfiles(parseSessionProfiles([{ ...asia, name: 'tokyo' }], 'config'));
    await expect(profiles.save({ ...asia, name: 'utc' }, settings)).rejects.toThrow(/"utc" is built in/);
    await expect(profiles.remove('tokyo', settings)).rejects.toMatchObject({ reason: 'fixed' });
    await expect(profiles.remove('nope', settings)).rejects.toMatchObject({ reason: 'unknown' });
    await expect(profiles.save({ ...asia, tz: 'Asia/Atlantis' }, settings)).rejects.toMatchObject({ field: 'tz' });
    expect(await settings.getSetting('sessions.profiles')).toBeUndefined();
  });
});
