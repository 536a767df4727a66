// Turns Ajv's validation errors into the details of a 400: one entry per bad field, naming the
// field, where it was (querystring, body, params), what was wrong, the value sent and what is allowed.

export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  data?: unknown;
}

export interface FieldProblem {
  field: string;
  in: string;
  message: string;
  value?: unknown;
  allowed?: unknown;
}

function fieldOf(error: AjvError): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  const named = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof named === 'string') path.push(named);
  return path.join('.');
}

/** `Infinity`, `-Infinity`, `NaN` or a literal too large for a double, such as `1e400`. */
function isNonFiniteNumber(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'string') return false;
  const text = value.trim();
  return /^[-+]?(infinity|nan|\d*\.?\d+e[-+]?\d+)$/i.test(text) && !Number.isFinite(Number(text));
}

function messageOf(error: AjvError): string {
  const { keyword, params, data } = error;
  if (keyword === 'additionalProperties') return 'is not an allowed field';
  if (keyword === 'required') return 'is required';
  if (keyword === 'type' && (params.type === 'integer' || params.type === 'number')) {
    const kind = params.type === 'integer' ? 'an integer' : 'a number';
    return isNonFiniteNumber(data) ? `must be ${kind}; NaN and Infinity are not accepted` : `must be ${kind}`;
  }
  return error.message ?? keyword;
}

function allowedOf(error: AjvError): unknown {
  const { params } = error;
  if (params.allowedValues !== undefined) return params.allowedValues;
  if (params.allowed !== undefined) return params.allowed;
  if (typeof params.comparison === 'string' && params.limit !== undefined)
    return `${params.comparison} ${params.limit}`;
  return undefined;
}

/** Problems listed in one answer: a 64 KB array of wrong items would otherwise answer with megabytes. */
export const MAX_PROBLEMS = 20;

/**
 * One problem per field, the first Ajv reported: with `allErrors`, a field that fails a keyword of
 * its own (`x-time`) also fails the branches of the `anyOf` that documents it, which says nothing more.
 */
export function describeValidation(errors: readonly AjvError[], part: string): FieldProblem[] {
  const byField = new Map<string, FieldProblem>();
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const field = fieldOf(error) || part;
    if (byField.has(field)) continue;
    if (byField.size === MAX_PROBLEMS) break;
    const problem: FieldProblem = { field, in: part, message: messageOf(error) };
    const sent = error.keyword === 'required' ? undefined : error.data;
    if (sent !== undefined && (typeof sent !== 'object' || sent === null)) problem.value = sent;
    const allowed = allowedOf(error);
    if (allowed !== undefined) problem.allowed = allowed;
    byField.set(field, problem);
  }
  return [...byField.values()];
}

const IN_MESSAGE = 5;

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length <= 40 ? text : `${text.slice(0, 40)}…`;
}

/** `invalid querystring: from must be …; limit must be …`, the first few; the details list them all. */
export function summarizeValidation(problems: readonly FieldProblem[], part: string): string {
  const listed = problems
    .slice(0, IN_MESSAGE)
    .map((p) => `${p.field} ${p.message}${p.value === undefined ? '' : ` (got ${shown(p.value)})`}`);
  const more = problems.length > IN_MESSAGE ? `; and ${problems.length - IN_MESSAGE} more in details` : '';
  return `invalid ${part}: ${listed.join('; ')}${more}`;
}
