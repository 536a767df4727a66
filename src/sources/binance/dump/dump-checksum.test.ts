import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyDumpChecksum } from './dump-checksum.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-checksum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyDumpChecksum', () => {
  const zip = join(dir, 'BTCUSDT-trades-2024-08-01.zip');
  writeFileSync(zip, 'zip bytes');
  const sha = createHash('sha256').update('zip bytes').digest('hex');

  it('says absent when Binance published no .CHECKSUM beside the file', async () => {
    const other = join(dir, 'ETHUSDT-trades-2024-08-01.zip');
    writeFileSync(other, 'x');
    expect(await verifyDumpChecksum(other)).toEqual({ status: 'absent' });
  });

  it('verifies a matching sha256sum line', async () => {
    writeFileSync(`${zip}.CHECKSUM`, `${sha}  BTCUSDT-trades-2024-08-01.zip\n`);
    expect(await verifyDumpChecksum(zip)).toEqual({ status: 'verified', sha256: sha });
  });

  it('refuses a file that does not match, naming both digests', async () => {
    writeFileSync(`${zip}.CHECKSUM`, `${'0'.repeat(64)}  BTCUSDT-trades-2024-08-01.zip\n`);
    await expect(verifyDumpChecksum(zip)).rejects.toThrow(new RegExp(`sha256 ${sha}, expected 0{64}`));
  });
});
