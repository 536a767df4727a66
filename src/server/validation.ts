// How requests are validated: the Ajv options every route shares (all errors at once, no NaN or
// Infinity where a number is expected) and the `x-time` keyword that turns a time parameter given
// as epoch ms or ISO 8601 into epoch ms before the route sees it.
import { MAX_EPOCH_MS, parseTimeParam, TIME_FORMS, TIME_KEYWORD } from './time-param.js';

/** What the keyword needs from Ajv; typed here because Ajv comes with Fastify, not as our dependency. */
interface AjvKeywords {
  addKeyword(definition: {
    keyword: string;
    modifying: boolean;
    errors: boolean;
    before: string;
    validate: typeof validateTime;
  }): unknown;
}

interface DataContext {
  parentData: Record<string, unknown>;
  parentDataProperty: string | number;
}

interface KeywordError {
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

/**
 * Every route's Ajv options. `strictNumbers` because a query string's `1e400`, `Infinity` or `NaN`
 * coerces to a non-finite number that Ajv would otherwise call an integer within any bounds, and
 * that failed deep in the store as a 500. `allErrors` so that one answer lists every bad field.
 */
export const AJV_OPTIONS = {
  coerceTypes: 'array',
  removeAdditional: false,
  allErrors: true,
  strictNumbers: true,
  verbose: true,
} as const;

function validateTime(this: unknown, _schema: unknown, data: unknown, _parent: unknown, cxt?: DataContext): boolean {
  const ms = typeof data === 'string' ? parseTimeParam(data) : data;
  if (typeof ms === 'number' && Number.isInteger(ms) && ms >= 0 && ms <= MAX_EPOCH_MS) {
    if (cxt !== undefined && ms !== data) cxt.parentData[cxt.parentDataProperty] = ms;
    return true;
  }
  validateTime.errors = [{ keyword: TIME_KEYWORD, message: `must be ${TIME_FORMS}`, params: { allowed: TIME_FORMS } }];
  return false;
}
validateTime.errors = [] as KeywordError[];

/** Ajv plugin: the `x-time` keyword, run before `anyOf` so that the branches see the converted number. */
export function timeKeyword<A extends AjvKeywords>(ajv: A): A {
  ajv.addKeyword({ keyword: TIME_KEYWORD, modifying: true, errors: true, before: 'anyOf', validate: validateTime });
  return ajv;
}
