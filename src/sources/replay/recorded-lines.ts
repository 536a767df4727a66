// Reads recorded stream files line by line: JSON Lines, gzip or plain (detected by magic bytes).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

export interface RecordedLinesProgress {
  /** Compressed bytes read so far. */
  bytesRead: number;
}

/** Yields the non-empty lines of a recorded file; `progress.bytesRead` follows the file position. */
export async function* recordedLines(
  path: string,
  progress: RecordedLinesProgress = { bytesRead: 0 },
): AsyncGenerator<string> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  file.on('data', (chunk) => (progress.bytesRead += chunk.length));
  const text = gzip ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => text.destroy(error));
  const lines = createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line.length > 0) yield line;
    }
  } catch (error) {
    // A broken gzip stream says `unexpected end of file`; which file is what the reader needs to know.
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    lines.close();
    file.destroy();
  }
}
