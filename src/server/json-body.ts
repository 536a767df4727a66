// The parser of JSON request bodies: a syntax error says where it is (line, column and the text
// around it), and a `__proto__` or `constructor.prototype` key is refused by name, because merging
// such an object with Object.assign would change the prototype of every object of the process.
import { ApiError } from './errors.js';

const CONTEXT_CHARS = 20;

/**
 * The longest array a body may hold. The API's bodies hold arrays of two items at most, and
 * validation collects an error per wrong item: 16,000 wrong items in 64 KB took 150 ms to refuse.
 */
export const MAX_ARRAY_ITEMS = 1_000;

function locate(text: string, position: number) {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const near = text.slice(Math.max(0, position - CONTEXT_CHARS), position + CONTEXT_CHARS);
  return { position, line, column, near };
}

function syntaxError(text: string, error: SyntaxError): ApiError {
  // V8's messages: "… in JSON at position 8" or "Unexpected end of JSON input" (at the end).
  const at = /at position (\d+)/.exec(error.message);
  const position = at !== null ? Number(at[1]) : text.length;
  const where = locate(text, position);
  const reason = error.message
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ of JSON input$/, ' of the body')
    .replace(/,? ".*" is not valid JSON$/, '');
  return new ApiError(
    400,
    'invalid_json',
    `the body is not valid JSON: ${reason} at line ${where.line}, column ${where.column}`,
    [{ field: 'body', in: 'body', message: reason, ...where }],
  );
}

interface Visit {
  value: unknown;
  key: string;
  parent: Visit | null;
}

function pathOf(visit: Visit, ...tail: string[]): string {
  const keys = tail;
  for (let at: Visit | null = visit; at !== null && at.parent !== null; at = at.parent) keys.unshift(at.key);
  return keys.join('.');
}

/**
 * The first forbidden key or over-long array, with its path; null when there is none. Iterative,
 * with parent links instead of copied paths: a body can nest as deep as it has brackets.
 */
type Refusal = { kind: 'forbidden_key'; path: string; key: string } | { kind: 'long_array'; path: string };

function findRefusal(root: unknown): Refusal | null {
  const pending: Visit[] = [{ value: root, key: '', parent: null }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value) && value.length > MAX_ARRAY_ITEMS)
      return { kind: 'long_array', path: pathOf(visit) || 'body' };
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__') return { kind: 'forbidden_key', path: pathOf(visit, key), key };
      if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype'))
        return { kind: 'forbidden_key', path: pathOf(visit, key, 'prototype'), key: 'constructor.prototype' };
      pending.push({ value: child, key, parent: visit });
    }
  }
  return null;
}

/** Parses a JSON body, throwing an ApiError that the error handler sends as is. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw new ApiError(400, 'invalid_json', 'the body is empty; send a JSON object, or no content-type header', [
      { field: 'body', in: 'body', message: 'is empty' },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) throw syntaxError(text, error);
    throw error;
  }
  const refusal = findRefusal(parsed);
  if (refusal?.kind === 'long_array') {
    throw new ApiError(400, 'bad_request', `${refusal.path} holds more than ${MAX_ARRAY_ITEMS} items`, [
      { field: refusal.path, in: 'body', message: `must hold at most ${MAX_ARRAY_ITEMS} items` },
    ]);
  }
  if (refusal?.kind === 'forbidden_key') {
    const { key, path } = refusal;
    throw new ApiError(400, 'forbidden_key', `the body has a "${key}" key (at ${path}); that key is not allowed`, [
      { field: path, in: 'body', message: `"${key}" is not allowed as a key` },
    ]);
  }
  return parsed;
}
