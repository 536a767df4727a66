// The named session profiles of a process: the built-in ones (utc, ny, london) and those of the
// configuration file's `sessionProfiles`, where a profile may add a name or redefine a built-in one.
import {
  BUILT_IN_PROFILES,
  PROFILE_NAME_PATTERN,
  SessionDefinitionError,
  type SessionProfile,
  validateSessionDefinition,
} from './session-definition.js';

const NAME = new RegExp(PROFILE_NAME_PATTERN);

export class SessionProfiles {
  private readonly byName: Map<string, SessionProfile>;

  constructor(configured: readonly SessionProfile[] = []) {
    this.byName = new Map([...BUILT_IN_PROFILES, ...configured].map((p) => [p.name, p]));
  }

  list(): SessionProfile[] {
    return [...this.byName.values()];
  }

  get(name: string): SessionProfile | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
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
    const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const name = item.name;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new SessionDefinitionError(
        `${where}[${i}].name`,
        name,
        `${where}[${i}].name must be lower-case letters, digits, - or _ (1 to 32, starting with a letter), ` +
          `got ${JSON.stringify(name)}`,
      );
    }
    if (seen.has(name)) {
      throw new SessionDefinitionError(`${where}[${i}].name`, name, `${where} names the profile "${name}" twice`);
    }
    seen.add(name);
    try {
      const definition = validateSessionDefinition({ minCoverage: 1, ...item });
      const description = typeof item.description === 'string' ? item.description : `${definition.tz} sessions`;
      return { name, description, ...definition };
    } catch (error) {
      if (!(error instanceof SessionDefinitionError)) throw error;
      throw new SessionDefinitionError(
        `${where}[${i}].${error.field}`,
        error.value,
        `${where}[${i}]: ${error.message}`,
      );
    }
  });
}
