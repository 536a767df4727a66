import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, SessionDefinitionError, validateSessionDefinition } from './session-definition.js';

const GOOD = { tz: 'Asia/Tokyo', sessionStart: '09:00', ibMinutes: 120, minCoverage: 0.9, extensionLevels: [2, 0.25] };

describe('session definition', () => {
  it('accepts a good definition and orders its levels', () => {
    expect(validateSessionDefinition(GOOD)).toEqual({ ...GOOD, extensionLevels: [0.25, 2] });
  });

  it('defaults the extension levels', () => {
    expect(validateSessionDefinition({ ...GOOD, extensionLevels: undefined }).extensionLevels).toEqual([
      0.5, 1, 1.5, 2, 3,
    ]);
  });

  it.each([
    ['tz', 'Europe/Atlantis'],
    ['sessionStart', '9:00'],
    ['ibMinutes', 0],
    ['ibMinutes', 30.5],
    ['minCoverage', 0],
    ['minCoverage', 1.1],
    ['extensionLevels', [1, -1]],
    ['extensionLevels', [1, 1]],
    ['extensionLevels', []],
  ])('refuses %s = %j, naming the field', (field, value) => {
    try {
      validateSessionDefinition({ ...GOOD, [field]: value });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SessionDefinitionError);
      expect((error as SessionDefinitionError).field).toBe(field);
      expect((error as Error).message).toContain(field);
    }
  });

  it('has valid built-in profiles', () => {
    for (const profile of BUILT_IN_PROFILES) expect(() => validateSessionDefinition(profile)).not.toThrow();
    expect(BUILT_IN_PROFILES.map((p) => p.name)).toEqual(['utc', 'ny', 'london']);
  });
});
