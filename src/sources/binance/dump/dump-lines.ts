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

/** Complete lines of the CSV text of `path` (a `.zip` holding one CSV, or the CSV itself); blank lines dropped. */
export async function* readDumpLines(path: string, progress?: DumpLineProgress): AsyncGenerator<LineChunk> {
  let stream: Readable;
  let close = () => {};
  if (path.toLowerCase().endsWith('.zip')) {
    const entry = await openZipEntry(path);
    stream = entry.stream;
    close = entry.close;
    if (progress) progress.totalBytes = entry.size;
  } else {
    stream = createReadStream(path, { highWaterMark: 1 << 20 });
    if (progress) progress.totalBytes = (await stat(path)).size;
  }
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
