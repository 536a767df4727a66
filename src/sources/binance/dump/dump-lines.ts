// The text lines of a dump file, zipped (the one CSV inside, inflated as it is read: no temporary
// file) or plain, in chunks of complete lines so that the row parser's loop, not the stream's
// events, sets the pace. Dumps are ASCII, so bytes are decoded as latin1, the cheapest decoder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface LineChunk {
  lines: string[];
  /** 1-based line number of `lines[0]` in the CSV. */
  firstLine: number;
}

export interface DumpByteChunk {
  /** Complete lines (the last one may lack its newline at the end of the file), CR and blank lines kept. */
  bytes: Buffer;
  /** 1-based line number of the first line in `bytes`. */
  firstLine: number;
}

export interface DumpLineProgress {
  /** Bytes of CSV text read so far, and the whole text's size (the zip entry's, or the file's). */
  bytesRead: number;
  totalBytes: number;
}

export class DumpFileError extends Error {
  override name = 'DumpFileError';
}

function openZipEntry(path: string): Promise<{ stream: Readable; size: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (openError, zip) => {
      if (openError || !zip) {
        reject(new DumpFileError(`${path} is not a readable zip file: ${openError?.message ?? 'no entries'}`));
        return;
      }
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.toLowerCase().endsWith('.csv')) {
          names.push(entry.fileName);
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) {
            zip.close();
            reject(new DumpFileError(`${path}: cannot inflate ${entry.fileName}: ${streamError?.message}`));
            return;
          }
          resolve({ stream, size: entry.uncompressedSize, close: () => zip.close() });
        });
      });
      zip.on('end', () => {
        zip.close();
        reject(new DumpFileError(`${path} holds no .csv file (entries: ${names.join(', ') || 'none'})`));
      });
      zip.on('error', (error: Error) => reject(new DumpFileError(`${path}: ${error.message}`)));
      zip.readEntry();
    });
  });
}

/**
 * The CSV text of `path` as chunks of whole lines, undecoded: what the byte-level row parser of an import reads,
 * without a string per line.
 */
export async function* readDumpChunks(path: string, progress?: DumpLineProgress): AsyncGenerator<DumpByteChunk> {
  const { stream, close } = await openCsvStream(path, progress);
  let carry: Buffer | null = null;
  let lineNumber = 1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (progress) progress.bytesRead += chunk.length;
      const lastNewline = chunk.lastIndexOf(10);
      if (lastNewline < 0) {
        carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
        continue;
      }
      let from = 0;
      if (carry !== null) {
        // Only the line cut by the previous chunk is copied, not the whole chunk.
        from = chunk.indexOf(10) + 1;
        const joined = Buffer.concat([carry, chunk.subarray(0, from)]);
        yield { bytes: joined, firstLine: lineNumber };
        lineNumber++;
      }
      // Copied: the stream may hand out views of one reused buffer.
      carry = lastNewline + 1 < chunk.length ? Buffer.from(chunk.subarray(lastNewline + 1)) : null;
      if (from <= lastNewline) {
        const bytes = chunk.subarray(from, lastNewline + 1);
        yield { bytes, firstLine: lineNumber };
        lineNumber += countNewlines(bytes);
      }
    }
    if (carry !== null && carry.length > 0) yield { bytes: carry, firstLine: lineNumber };
  } finally {
    stream.destroy();
    close();
  }
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

async function openCsvStream(
  path: string,
  progress: DumpLineProgress | undefined,
): Promise<{ stream: Readable; close: () => void }> {
  if (path.toLowerCase().endsWith('.zip')) {
    const entry = await openZipEntry(path);
    if (progress) progress.totalBytes = entry.size;
    return entry;
  }
  if (progress) progress.totalBytes = (await stat(path)).size;
  return { stream: createReadStream(path, { highWaterMark: 1 << 20 }), close: () => {} };
}

/** Complete lines of the CSV text of `path` (a `.zip` holding one CSV, or the CSV itself); blank lines dropped. */
export async function* readDumpLines(path: string, progress?: DumpLineProgress): AsyncGenerator<LineChunk> {
  const { stream, close } = await openCsvStream(path, progress);
  let carry = '';
  let lineNumber = 1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (progress) progress.bytesRead += chunk.length;
      const text = carry + chunk.toString('latin1');
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      yield { lines: cleanLines(lines), firstLine: lineNumber };
      lineNumber += lines.length;
    }
    if (carry.length > 0) yield { lines: cleanLines([carry]), firstLine: lineNumber };
  } finally {
    stream.destroy();
    close();
  }
}

/** Drops the `\r` of CRLF files; blank lines become '' and are skipped by the caller (line numbers stay true). */
function cleanLines(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  return lines;
}
