import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDumpChunks } from './dump-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-dump-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dump file chunks', () => {
  it('hands over whole lines, each chunk numbered by its first line, over many stream chunks', async () => {
    // ~3.4 MB, so the 1 MB stream chunks cut lines; no newline at the very end.
    const lines = Array.from({ length: 120_000 }, (_, i) => `${i + 1},${'x'.repeat(i % 50)}`);
    const file = join(dir, 'lines.csv');
    writeFileSync(file, lines.join('\n'));
    const progress = { bytesRead: 0, totalBytes: 0 };
    const seen: string[] = [];
    let chunks = 0;
    for await (const { bytes, firstLine } of readDumpChunks(file, progress)) {
      chunks++;
      const text = bytes.toString('latin1');
      const got = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
      for (const [k, line] of got.entries())
        expect(Number(line.split(',')[0]), `line ${firstLine + k}`).toBe(firstLine + k);
      seen.push(...got);
    }
    expect(chunks).toBeGreaterThan(3);
    expect(seen).toEqual(lines);
    expect(progress).toEqual({ bytesRead: readFileSync(file).length, totalBytes: readFileSync(file).length });
  });
});
