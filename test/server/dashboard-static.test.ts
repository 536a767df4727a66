// The dashboard as the server sends it: the build's precompressed copies chosen by Accept-Encoding,
// long-lived caching for hashed assets and revalidation for the page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDirectory } from '../../web/build/precompress.js';
import { createTestApp } from '../support/test-app.js';

const SCRIPT = '/assets/index-Ab12Cd34.js';
const IMMUTABLE = 'public, max-age=31536000, immutable';

let webRoot: string;
let testApp: Awaited<ReturnType<typeof createTestApp>>;

function file(path: string): Buffer {
  return readFileSync(join(webRoot, path));
}

function get(url: string, acceptEncoding?: string) {
  return testApp.app.inject({
    method: 'GET',
    url,
    headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
  });
}

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'tickscope-web-'));
  mkdirSync(join(webRoot, 'assets'));
  const rows = Array.from({ length: 300 }, (_, i) => `{ id: ${i}, label: 'row ${i}' }`).join(', ');
  writeFileSync(join(webRoot, SCRIPT), `export const rows = [${rows}];\n`);
  writeFileSync(join(webRoot, 'assets/tiny-Ef56.css'), 'a{}');
  const head = '<meta charset="utf-8"><title>Tickscope</title>'.repeat(20);
  writeFileSync(join(webRoot, 'index.html'), `<!doctype html><html><head>${head}</head><body></body></html>`);
  precompressDirectory(webRoot);
  testApp = await createTestApp({ webRoot });
});

afterAll(async () => {
  await testApp.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('dashboard assets', () => {
  it('sends the brotli copy to a browser that accepts br, decoding to the built file', async () => {
    const response = await get(SCRIPT, 'gzip, deflate, br, zstd');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.rawPayload).toEqual(file(`${SCRIPT}.br`));
    expect(brotliDecompressSync(response.rawPayload)).toEqual(file(SCRIPT));
  });

  it('sends the gzip copy when only gzip is accepted', async () => {
    const response = await get(SCRIPT, 'gzip');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.rawPayload).toEqual(file(`${SCRIPT}.gz`));
    expect(gunzipSync(response.rawPayload)).toEqual(file(SCRIPT));
  });

  it('sends the plain file without Accept-Encoding or with identity only', async () => {
    for (const acceptEncoding of [undefined, 'identity']) {
      const response = await get(SCRIPT, acceptEncoding);
      expect(response.headers['content-encoding'], String(acceptEncoding)).toBeUndefined();
      expect(response.rawPayload).toEqual(file(SCRIPT));
    }
  });

  it('sends the plain file when the build wrote no smaller copy', async () => {
    const response = await get('/assets/tiny-Ef56.css', 'br, gzip');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe('a{}');
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('lets the browser keep hashed assets for a year without revalidating', async () => {
    for (const acceptEncoding of ['br', 'gzip', undefined]) {
      expect((await get(SCRIPT, acceptEncoding)).headers['cache-control'], String(acceptEncoding)).toBe(IMMUTABLE);
    }
  });

  it('does not serve the compressed copies under their own URLs', async () => {
    expect((await get(`${SCRIPT}.br`)).statusCode).toBe(404);
    expect((await get(`${SCRIPT}.gz`)).statusCode).toBe(404);
  });

  it('answers 404 for an asset of another build instead of the page', async () => {
    const response = await get('/assets/index-Old00000.js', 'br');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('dashboard page', () => {
  it('sends index.html compressed and revalidated on every load, at / and at a view path', async () => {
    for (const url of ['/', '/index.html', '/live?instrument=sim:AAA']) {
      const response = await get(url, 'br');
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(response.rawPayload), url).toEqual(file('index.html'));
    }
  });

  it('revalidates the plain page too', async () => {
    const response = await get('/pairs');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.rawPayload).toEqual(file('index.html'));
  });
});
