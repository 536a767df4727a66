import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress.ts';

let dist: string;
const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: 'row ${i}' }`).join(', ')}];\n`;

beforeEach(() => {
  dist = mkdtempSync(join(tmpdir(), 'tickscope-precompress-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets/index-Ab12Cd34.js'), script);
  writeFileSync(join(dist, 'assets/index-Ab12Cd34.js.map'), JSON.stringify({ mappings: 'A'.repeat(5000) }));
  writeFileSync(join(dist, 'assets/logo-Ef56.png'), Buffer.alloc(4096, 7));
  writeFileSync(join(dist, 'index.html'), '<p>x</p>');
});

afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe('precompressDirectory', () => {
  it('writes .br and .gz copies that decompress to the exact original bytes', () => {
    precompressDirectory(dist);
    const original = readFileSync(join(dist, 'assets/index-Ab12Cd34.js'));
    expect(brotliDecompressSync(readFileSync(join(dist, 'assets/index-Ab12Cd34.js.br')))).toEqual(original);
    expect(gunzipSync(readFileSync(join(dist, 'assets/index-Ab12Cd34.js.gz')))).toEqual(original);
  });

  it('reports each file with its compressed sizes, brotli below gzip below the original on text', () => {
    const [js] = precompressDirectory(dist).filter((file) => file.file === 'assets/index-Ab12Cd34.js');
    expect(js.bytes).toBe(Buffer.byteLength(script));
    expect(js.gzipBytes).toBeLessThan(js.bytes / 4);
    expect(js.brotliBytes).toBeLessThan(js.gzipBytes!);
  });

  it('leaves source maps, binary files and files too small to gain uncompressed', () => {
    const files = precompressDirectory(dist);
    expect(files.map((file) => file.file).sort()).toEqual(['assets/index-Ab12Cd34.js', 'index.html']);
    expect(files.find((file) => file.file === 'index.html')).toMatchObject({ brotliBytes: null, gzipBytes: null });
    for (const skipped of ['assets/index-Ab12Cd34.js.map', 'assets/logo-Ef56.png', 'index.html']) {
      expect(existsSync(join(dist, `${skipped}.br`)), skipped).toBe(false);
      expect(existsSync(join(dist, `${skipped}.gz`)), skipped).toBe(false);
    }
  });
});
