import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { parseJsonBody } from './json-body.js';

function refusal(text: string): ApiError {
  try {
    parseJsonBody(text);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseJsonBody', () => {
  it('parses a JSON object', () => {
    expect(parseJsonBody('{"x":"sim:AAA","lookback":300}')).toEqual({ x: 'sim:AAA', lookback: 300 });
  });

  it('says at which line and column a body stops being JSON', () => {
    const error = refusal('{\n  "x": "sim:AAA",\n}');
    expect(error).toMatchObject({ statusCode: 400, code: 'invalid_json' });
    expect(error.message).toContain('line 3, column 1');
    expect(error.details).toEqual([expect.objectContaining({ field: 'body', line: 3, column: 1, position: 20 })]);
  });

  it('places a truncated body at its end', () => {
    const error = refusal('{"x":');
    expect(error.message).toMatch(/end of the body at line 1, column 6/);
  });

  it('names an empty body', () => {
    expect(refusal('  ').message).toContain('the body is empty');
  });

  it.each([
    ['{"__proto__":{"admin":true}}', '__proto__', '__proto__'],
    ['{"params":{"__proto__":{}}}', '__proto__', 'params.__proto__'],
    ['[{"constructor":{"prototype":{"x":1}}}]', 'constructor.prototype', '0.constructor.prototype'],
  ])('refuses %s by naming the forbidden key', (text, key, path) => {
    const error = refusal(text);
    expect(error).toMatchObject({ statusCode: 400, code: 'forbidden_key' });
    expect(error.message).toContain(`"${key}" key (at ${path}); that key is not allowed`);
    expect(error.details).toEqual([expect.objectContaining({ field: path, in: 'body' })]);
  });

  it('accepts a constructor key that holds no prototype, and nesting deeper than the stack', () => {
    expect(parseJsonBody('{"constructor":"x"}')).toEqual({ constructor: 'x' });
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(() => parseJsonBody(deep)).not.toThrow();
  });
});

describe('parseJsonBody limits', () => {
  it('refuses an array longer than the API takes, naming where it is', () => {
    const error = refusal(JSON.stringify({ channels: Array(1_001).fill('ws') }));
    expect(error).toMatchObject({ statusCode: 400, code: 'bad_request' });
    expect(error.details).toEqual([expect.objectContaining({ field: 'channels', in: 'body' })]);
    expect(parseJsonBody(JSON.stringify({ channels: Array(1_000).fill('ws') }))).toBeDefined();
  });
});
