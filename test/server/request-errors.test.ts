// Errors answered before any route runs, over a real socket where Node's HTTP parser is involved:
// each comes in the API's { error: { code, message, details } } envelope.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let port: number;
beforeAll(async () => {
  t = await createTestApp({ timeframes: ['1s', '1m', '1h'] });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await t.close();
});

interface ErrorEnvelope {
  error: { code: string; message: string; details: Array<{ field: string; in?: string }> };
}

/** A raw request: Node's client sends the path as given, without normalizing it. */
function send(method: string, path: string, body?: string, contentType = 'application/json') {
  return new Promise<{ status: number; body: ErrorEnvelope }>((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method,
      path,
      headers: body ? { 'content-type': contentType } : {},
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectEnvelope(body: ErrorEnvelope, code: string) {
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.code).toBe(code);
}

describe('errors answered before the routes', () => {
  it('answers a path parameter of 5,000 characters with 414 naming the limit', async () => {
    const { status, body } = await send('GET', `/api/v1/alerts/${'a'.repeat(5_000)}`);
    expect(status).toBe(414);
    expectEnvelope(body, 'uri_too_long');
    expect(body.error.message).toContain('longer than 512 characters');
    expect(body.error.message.length).toBeLessThan(300);
  });

  it('lets a long pair id reach its route, whose schema names the field', async () => {
    const { status, body } = await send('DELETE', `/api/v1/pairs/${'a'.repeat(201)}`);
    expect(status).toBe(400);
    expect(body.error.details).toEqual([expect.objectContaining({ field: 'id', in: 'params' })]);
  });

  it('answers bad percent-encoding in the path with 400 bad_url', async () => {
    const { status, body } = await send('GET', '/api/v1/alerts/%zz');
    expect(status).toBe(400);
    expectEnvelope(body, 'bad_url');
    expect(body.error.message).toContain('not valid percent-encoding');
  });

  it('answers a 100 KB query string with 431 in the envelope', async () => {
    const { status, body } = await send('GET', `/api/v1/ticks?instrument=sim:AAA&x=${'a'.repeat(100_000)}`);
    expect(status).toBe(431);
    expectEnvelope(body, 'request_too_large');
    expect(body.error.message).toMatch(/exceed \d+ bytes/);
  });

  it('answers an unknown route and a wrong content type in the envelope', async () => {
    expectEnvelope((await send('GET', '/api/v1/nope')).body, 'not_found');
    const wrongType = await send('POST', '/api/v1/instruments', 'id=sim:AAA', 'application/x-www-form-urlencoded');
    expect(wrongType.status).toBe(415);
    expectEnvelope(wrongType.body, 'unsupported_media_type');
  });

  it('says where a malformed JSON body breaks and refuses a __proto__ key by name', async () => {
    const malformed = await send('POST', '/api/v1/pairs', '{"x": "sim:AAA",, "y": "sim:BBB"}');
    expect(malformed.status).toBe(400);
    expectEnvelope(malformed.body, 'invalid_json');
    expect(malformed.body.error.message).toContain('line 1, column 17');
    const proto = await send(
      'POST',
      '/api/v1/pairs',
      '{"x":"sim:AAA","y":"sim:BBB","timeframe":"1s","__proto__":{"a":1}}',
    );
    expect(proto.status).toBe(400);
    expectEnvelope(proto.body, 'forbidden_key');
    expect(proto.body.error.message).toContain('"__proto__" key');
    expect(proto.body.error.message).toContain('not allowed');
  });

  it('names every bad field of a body at once', async () => {
    const { status, body } = await send(
      'POST',
      '/api/v1/pairs',
      JSON.stringify({ x: 'sim:AAA', timeframe: '7m', window: 1, extra: true }),
    );
    expect(status).toBe(400);
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['extra', 'timeframe', 'window', 'y']);
  });
});
