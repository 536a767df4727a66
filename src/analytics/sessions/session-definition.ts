// What a session is for one profile: time zone, local start time, Initial Balance length, the
// coverage a session needs to count, and the extension levels the report counts; with validation
// whose errors name the field, the value and what is allowed. Named profiles are presets of it.
import { parseSessionStart, SessionClockError, ZoneCalendar } from './session-clock.js';

/**
 * Version of the definitions rows are computed with (the rules of docs/sessions.md). Bump it when
 * a rule or a field changes, so that stored rows of an older version are known to be out of date.
 */
export const SESSION_DEFINITIONS_VERSION = 1;

export interface SessionDefinition {
  /** IANA time zone of the local calendar, e.g. UTC, America/New_York. */
  tz: string;
  /** Local start of the session, HH:MM. */
  sessionStart: string;
  /** Minutes of the Initial Balance from the session start. */
  ibMinutes: number;
  /** Fraction of the session's minutes that must have a bar, 0 < minCoverage ≤ 1. */
  minCoverage: number;
  /** Extension levels, in IB ranges, whose hit rates the report gives. */
  extensionLevels: number[];
}

export interface SessionProfile extends SessionDefinition {
  name: string;
  description: string;
}

export const DEFAULT_EXTENSION_LEVELS: readonly number[] = [0.5, 1, 1.5, 2, 3];

export const BUILT_IN_PROFILES: readonly SessionProfile[] = [
  {
    name: 'utc',
    description: 'UTC calendar day, Initial Balance of the first hour',
    tz: 'UTC',
    sessionStart: '00:00',
    ibMinutes: 60,
    minCoverage: 1,
    extensionLevels: [...DEFAULT_EXTENSION_LEVELS],
  },
  {
    name: 'ny',
    description: 'New York cash open at 09:30 local time, Initial Balance of 30 minutes',
    tz: 'America/New_York',
    sessionStart: '09:30',
    ibMinutes: 30,
    minCoverage: 1,
    extensionLevels: [...DEFAULT_EXTENSION_LEVELS],
  },
  {
    name: 'london',
    description: 'London open at 08:00 local time, Initial Balance of the first hour',
    tz: 'Europe/London',
    sessionStart: '08:00',
    ibMinutes: 60,
    minCoverage: 1,
    extensionLevels: [...DEFAULT_EXTENSION_LEVELS],
  },
];

export const PROFILE_NAME_PATTERN = '^[a-z][a-z0-9_-]{0,31}$';
const MAX_LEVELS = 12;

export class SessionDefinitionError extends Error {
  override name = 'SessionDefinitionError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}

function fail(field: string, value: unknown, allowed: string): never {
  throw new SessionDefinitionError(field, value, `${field} must be ${allowed}, got ${JSON.stringify(value)}`);
}

/** A checked copy of `raw`; throws SessionDefinitionError naming the first bad field. */
export function validateSessionDefinition(raw: Partial<Record<keyof SessionDefinition, unknown>>): SessionDefinition {
  const { tz, sessionStart, ibMinutes, minCoverage, extensionLevels } = raw;
  if (typeof tz !== 'string') fail('tz', tz, 'an IANA time zone such as UTC or America/New_York');
  try {
    new ZoneCalendar(tz);
    parseSessionStart(sessionStart);
  } catch (error) {
    if (error instanceof SessionClockError) throw new SessionDefinitionError(error.field, error.value, error.message);
    throw error;
  }
  if (typeof ibMinutes !== 'number' || !Number.isInteger(ibMinutes) || ibMinutes < 1 || ibMinutes > 720)
    fail('ibMinutes', ibMinutes, 'an integer number of minutes from 1 to 720');
  if (typeof minCoverage !== 'number' || !(minCoverage > 0 && minCoverage <= 1))
    fail('minCoverage', minCoverage, 'a fraction greater than 0 and at most 1');
  const levels = extensionLevels ?? [...DEFAULT_EXTENSION_LEVELS];
  if (
    !Array.isArray(levels) ||
    levels.length === 0 ||
    levels.length > MAX_LEVELS ||
    !levels.every((k) => typeof k === 'number' && Number.isFinite(k) && k > 0)
  )
    fail('extensionLevels', levels, `a list of 1 to ${MAX_LEVELS} positive numbers (IB ranges)`);
  if (new Set(levels).size !== levels.length) fail('extensionLevels', levels, 'a list without repeated levels');
  return {
    tz,
    sessionStart: sessionStart as string,
    ibMinutes,
    minCoverage,
    extensionLevels: [...(levels as number[])].sort((a, b) => a - b),
  };
}
