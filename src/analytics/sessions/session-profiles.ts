// The named session profiles of a process: the built-in ones (utc, ny, london), those of the
// configuration file's `sessionProfiles` (which may redefine a built-in one), and those created
// over the API, kept in the store's settings so that they survive a restart.
import type { SettingsStore } from '../live/ports.js';
import {
  BUILT_IN_PROFILES,
  PROFILE_NAME_PATTERN,
  SessionDefinitionError,
  type SessionProfile,
  validateSessionDefinition,
} from './session-definition.js';

const NAME = new RegExp(PROFILE_NAME_PATTERN);

/** Settings key of the profiles created over the API. */
export const STORED_PROFILES_KEY = 'sessions.profiles';

/** A change the registry refuses: `reason` says which (a fixed profile, or one that is not there). */
export class SessionProfileChangeError extends Error {
  override name = 'SessionProfileChangeError';
  constructor(
    readonly reason: 'fixed' | 'unknown',
    readonly profile: string,
    message: string,
  ) {
    super(message);
  }
}

export class SessionProfiles {
  private readonly fixed: Map<string, SessionProfile>;
  private stored = new Map<string, SessionProfile>();

  /** `configured`: the configuration file's profiles, fixed like the built-in ones. */
  constructor(configured: readonly SessionProfile[] = []) {
    this.fixed = new Map([...BUILT_IN_PROFILES, ...configured].map((p) => [p.name, p]));
  }

  /** Adds the profiles created over the API; a stored entry that no longer validates is left out. */
  async load(settings: SettingsStore): Promise<void> {
    const raw = (await settings.getSetting<unknown[]>(STORED_PROFILES_KEY)) ?? [];
    this.stored = new Map();
    for (const entry of Array.isArray(raw) ? raw : []) {
      try {
        const [profile] = parseSessionProfiles([entry], STORED_PROFILES_KEY);
        if (!this.fixed.has(profile.name)) this.stored.set(profile.name, profile);
      } catch {
        // An entry written by a version with other rules: skipped rather than stopping the server.
      }
    }
  }

  /** Creates or replaces a profile of the API (not a built-in or configured one), stored before it is served. */
  async save(raw: unknown, settings: SettingsStore): Promise<SessionProfile> {
    const profile = parseSessionProfile(raw);
    if (this.fixed.has(profile.name)) {
      throw new SessionProfileChangeError(
        'fixed',
        profile.name,
        `profile "${profile.name}" is built in or set in the configuration file; choose another name`,
      );
    }
    const next = new Map(this.stored).set(profile.name, profile);
    await settings.setSetting(STORED_PROFILES_KEY, [...next.values()]);
    this.stored = next;
    return profile;
  }

  async remove(name: string, settings: SettingsStore): Promise<SessionProfile> {
    const profile = this.stored.get(name);
    if (!profile) {
      const fixed = this.fixed.has(name);
      throw new SessionProfileChangeError(
        fixed ? 'fixed' : 'unknown',
        name,
        fixed
          ? `profile "${name}" is built in or set in the configuration file and cannot be deleted`
          : `no profile "${name}"; there are ${this.names().join(', ')}`,
      );
    }
    const next = new Map(this.stored);
    next.delete(name);
    await settings.setSetting(STORED_PROFILES_KEY, [...next.values()]);
    this.stored = next;
    return profile;
  }

  list(): SessionProfile[] {
    return [...this.fixed.values(), ...this.stored.values()];
  }

  get(name: string): SessionProfile | undefined {
    return this.fixed.get(name) ?? this.stored.get(name);
  }

  names(): string[] {
    return this.list().map((p) => p.name);
  }
}

/**
 * Profiles from the configuration's `sessionProfiles` (a list of objects with a name, the
 * definition's fields and an optional description); errors name the profile and the field.
 */
export function parseSessionProfiles(raw: unknown, where: string): SessionProfile[] {
  if (!Array.isArray(raw)) {
    throw new SessionDefinitionError(
      where,
      raw,
      `${where} must be a list of profiles such as [{"name":"ny","tz":"America/New_York","sessionStart":"09:30",` +
        `"ibMinutes":30,"minCoverage":1}], got ${JSON.stringify(raw)}`,
    );
  }
  const seen = new Set<string>();
  return raw.map((entry, i) => {
    const profile = parseSessionProfile(entry, `${where}[${i}]`);
    if (seen.has(profile.name)) {
      throw new SessionDefinitionError(
        `${where}[${i}].name`,
        profile.name,
        `${where} names the profile "${profile.name}" twice`,
      );
    }
    seen.add(profile.name);
    return profile;
  });
}

/**
 * One profile: a name, the definition's fields and an optional description. Errors name the field,
 * prefixed with `where` (e.g. `sessionProfiles[2]`) when given.
 */
export function parseSessionProfile(entry: unknown, where?: string): SessionProfile {
  const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const prefix = where === undefined ? '' : `${where}.`;
  const name = item.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new SessionDefinitionError(
      `${prefix}name`,
      name,
      `${prefix}name must be lower-case letters, digits, - or _ (1 to 32, starting with a letter), ` +
        `got ${JSON.stringify(name)}`,
    );
  }
  try {
    const definition = validateSessionDefinition({ minCoverage: 1, ...item });
    const description = typeof item.description === 'string' ? item.description : `${definition.tz} sessions`;
    return { name, description, ...definition };
  } catch (error) {
    if (!(error instanceof SessionDefinitionError) || where === undefined) throw error;
    throw new SessionDefinitionError(`${prefix}${error.field}`, error.value, `${where}: ${error.message}`);
  }
}
