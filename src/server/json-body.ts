// The parser of JSON request bodies: a syntax error says where it is (line, column and the text
// around it), and a `__proto__` or `constructor.prototype` key is refused by name, because merging
// such an object with Object.assign would change the prototype of every object of the process.
import { ApiError } from './errors.js';

const CONTEXT_CHARS = 20;

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
 * The path of a forbidden key; null when there is none. Iterative, with parent links instead of
 * copied paths: a 1 MB body can nest half a million levels deep.
 */
function forbiddenKeyPath(root: unknown): string | null {
  const pending: Visit[] = [{ value: root, key: '', parent: null }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value !== 'object' || value === null) continue;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__') return pathOf(visit, key);
      if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype'))
        return pathOf(visit, key, 'prototype');
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
  const forbidden = forbiddenKeyPath(parsed);
  if (forbidden !== null) {
    const key = forbidden.endsWith('.prototype') ? 'constructor.prototype' : '__proto__';
    throw new ApiError(400, 'forbidden_key', `the body has a "${key}" key (at ${forbidden}); that key is not allowed`, [
      { field: forbidden, in: 'body', message: `"${key}" is not allowed as a key` },
    ]);
  }
  return parsed;
}
