import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { recordedLineBatches, splitLines } from './recorded-lines.js';

/** The lines of `chunks` read in that order, as recordedLineBatches splits them. */
function linesOfChunks(chunks: readonly string[]): string[] {
  const out: string[] = [];
  let tail = '';
  for (const chunk of chunks) tail = splitLines(tail + chunk, out);
  splitLines(`${tail}\n`, out);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'tickscope-recorded-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of recordedLineBatches(path)) lines.push(...batch);
  return lines;
}

describe('recorded lines', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, skips empty ones, and keeps a last line without a newline', () => {
    expect(linesOfChunks(['a\nb\r\n\n\nc\rd\r\ne'])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('joins a line split across chunks, also between the \\r and the \\n of its end', () => {
    expect(linesOfChunks(['{"a":', '1}\r', '\n{"b"', ':2}\r', 'x\n'])).toEqual(['{"a":1}', '{"b":2}', 'x']);
  });

  it('reads a plain and a gzip file to the same lines, with multi-byte characters intact', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `{"i":${i},"s":"é€${'x'.repeat(i % 40)}"}`);
    const text = `${lines.join('\r\n')}\n`;
    writeFileSync(join(dir, 'plain.jsonl'), text);
    writeFileSync(join(dir, 'packed.jsonl.gz'), gzipSync(text));
    expect(await readAll(join(dir, 'plain.jsonl'))).toEqual(lines);
    expect(await readAll(join(dir, 'packed.jsonl.gz'))).toEqual(lines);
  });

  it('names the file when its gzip stream is broken', async () => {
    const packed = gzipSync('{"a":1}\n'.repeat(1000));
    writeFileSync(join(dir, 'broken.gz'), packed.subarray(0, packed.length - 20));
    await expect(readAll(join(dir, 'broken.gz'))).rejects.toThrow(/cannot read .*broken\.gz/);
  });
});
