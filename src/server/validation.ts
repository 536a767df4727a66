// How requests are validated: the Ajv options every route shares (all errors at once), no NaN or
// Infinity where a number is expected, and the `x-time` keyword that turns a time parameter given
// as epoch ms or ISO 8601 into epoch ms before the route sees it.
import AjvCompiler, { type BuildCompilerFromPool } from '@fastify/ajv-compiler';
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
 * Every route's Ajv options: `allErrors` so that one answer lists every bad field (its cost grows
 * with the size of the input, which the query string's header limit and the body limit bound);
 * `verbose` so that an error carries the value sent.
 */
export const AJV_OPTIONS = {
  coerceTypes: 'array',
  removeAdditional: false,
  allErrors: true,
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

interface AjvValidator {
  (data: unknown, cxt?: unknown): boolean;
  errors?: unknown[] | null;
  schemaEnv?: unknown;
}

/** JSON pointers and values of the non-finite numbers in `data`, depth first. */
function nonFiniteNumbers(data: unknown): Array<{ path: string; value: number }> {
  const found: Array<{ path: string; value: number }> = [];
  const pending: Array<{ value: unknown; path: string }> = [{ value: data, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'number' && !Number.isFinite(value)) found.push({ path, value });
    else if (typeof value === 'object' && value !== null)
      for (const [key, child] of Object.entries(value))
        pending.push({ value: child, path: `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}` });
  }
  return found;
}

/**
 * Refuses NaN and ±Infinity after Ajv has run. Ajv turns a query string's `Infinity` or `1e400`
 * into a number without checking it again (`strictNumbers` checks only values that arrive as
 * numbers, and then skips the range keywords), and JSON's `1e400` parses to Infinity: either
 * reached the store as a 500. The errors come first so that they name the field.
 */
function refusingNonFinite(validate: AjvValidator): AjvValidator {
  const checked: AjvValidator = (data, cxt) => {
    const sent = typeof data === 'object' && data !== null ? { ...(data as Record<string, unknown>) } : {};
    const valid = validate(data, cxt);
    const nonFinite = nonFiniteNumbers(data).map(({ path, value }) => {
      const top = path.split('/')[1] ?? '';
      const raw = path === `/${top}` ? sent[top] : undefined;
      return {
        instancePath: path,
        keyword: 'finite',
        params: {},
        message: 'must be a finite number; NaN and Infinity are not accepted',
        data: typeof raw === 'string' ? raw : String(value),
      };
    });
    checked.errors = nonFinite.length > 0 ? [...nonFinite, ...(validate.errors ?? [])] : validate.errors;
    return valid && nonFinite.length === 0;
  };
  checked.schemaEnv = validate.schemaEnv;
  return checked;
}

/**
 * Query strings and path parameters arrive as text, so their values are coerced to the schema's
 * types; JSON bodies are validated as sent, so that `null` stays null instead of becoming 0.
 */
export function buildValidator(): BuildCompilerFromPool {
  const coercing = AjvCompiler();
  const strict = AjvCompiler();
  return (externalSchemas, ajvOptions) => {
    const options = (ajvOptions ?? {}) as { customOptions?: Record<string, unknown> };
    const forText = coercing(externalSchemas, ajvOptions);
    const forBody = strict(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, coerceTypes: false },
    });
    // Fastify calls the compiler with the route definition, which names the part being validated.
    const compile = (route: { httpPart?: string }) =>
      refusingNonFinite((route.httpPart === 'body' ? forBody : forText)(route as never) as unknown as AjvValidator);
    return compile as unknown as ReturnType<BuildCompilerFromPool>;
  };
}
