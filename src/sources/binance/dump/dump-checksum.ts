// The `.CHECKSUM` file Binance publishes beside each zip: one `sha256sum` line, `<hex>  <name>.zip`.
// A file that does not match it was cut short or replaced and is refused before anything is read.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';

export type ChecksumResult = { status: 'verified'; sha256: string } | { status: 'absent' };

export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Checks `path` against `path.CHECKSUM` when that file exists; throws ChecksumMismatchError when they differ. */
export async function verifyDumpChecksum(path: string): Promise<ChecksumResult> {
  const checksumPath = `${path}.CHECKSUM`;
  const exists = await stat(checksumPath).then(
    () => true,
    () => false,
  );
  if (!exists) return { status: 'absent' };
  const text = (await readFile(checksumPath, 'utf8')).trim();
  const match = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(text.split('\n')[0] ?? '');
  if (match === null) {
    throw new ChecksumMismatchError(
      `${checksumPath} is not a sha256sum line ("<64 hex digits>  ${basename(path)}"): ` +
        JSON.stringify(text.slice(0, 100)),
    );
  }
  const [, expected, name] = match;
  if (basename(name.trim()) !== basename(path)) {
    throw new ChecksumMismatchError(`${checksumPath} is the checksum of ${name.trim()}, not of ${basename(path)}`);
  }
  const actual = await sha256File(path);
  if (actual !== expected.toLowerCase()) {
    throw new ChecksumMismatchError(
      `${path} does not match ${basename(checksumPath)}: sha256 ${actual}, expected ${expected.toLowerCase()} ` +
        '(a partial download or a file Binance has since replaced; download it again)',
    );
  }
  return { status: 'verified', sha256: actual };
}
