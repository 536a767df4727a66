// Reads a CSV as it streams in, chunk by chunk, into records with their line numbers. The
// delimiter is taken from the header line (`,` or `;`, whichever splits it into more fields;
// a tab when it is the only one) unless given. Parsing is csv-parse's (quotes, CRLF, a BOM),
// driven through the push-based core that its synchronous API uses too, so a chunk is parsed
// without the stream machinery and its records are handled before the next chunk is read.
import { Parser, type CsvError } from 'csv-parse';
import type { Delimiter } from './ohlcv-csv-options.js';
import type { CsvProblem } from './ohlcv-csv-problems.js';

export interface CsvRecord {
  /** Line of the record's last character; 1 is the header. */
  line: number;
  fields: string[];
}

/** A header longer than this is not a CSV header (a binary file, or one without line breaks). */
export const MAX_HEADER_BYTES = 1024 * 1024;

interface ParserCore {
  parse(
    chunk: Buffer | undefined,
    end: boolean,
    push: (record: CsvRecord) => void,
    close: () => void,
  ): CsvError | undefined;
}

export function detectDelimiter(headerLine: string): Delimiter {
  const count = (char: string) => headerLine.split(char).length - 1;
  const commas = count(',');
  const semicolons = count(';');
  if (commas === 0 && semicolons === 0 && count('\t') > 0) return '\t';
  return semicolons > commas ? ';' : ',';
}

/** Thrown when the file cannot be split into records any further; its problem says where. */
export class CsvSyntaxError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(problem.message);
    this.name = 'CsvSyntaxError';
  }
}

export class CsvRecordReader {
  private core: ParserCore | null = null;
  private readonly headBytes: Buffer[] = [];
  private headLength = 0;
  private delimiterUsed: Delimiter | null;
  private ended = false;

  constructor(
    delimiter: Delimiter | null,
    private readonly onRecord: (record: CsvRecord) => void,
  ) {
    this.delimiterUsed = delimiter;
  }

  /** The delimiter in use; null until the header line has been read. */
  get delimiter(): Delimiter | null {
    return this.core === null ? null : this.delimiterUsed;
  }

  write(chunk: Uint8Array | string): void {
    const bytes =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.core === null) {
      this.headBytes.push(bytes);
      this.headLength += bytes.length;
      if (!bytes.includes(10) && this.headLength < MAX_HEADER_BYTES) return;
      this.start();
      return;
    }
    this.parse(bytes, false);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.core === null) this.start();
    this.parse(undefined, true);
  }

  private start(): void {
    const head = Buffer.concat(this.headBytes);
    this.headBytes.length = 0;
    const newline = head.indexOf(10);
    if (newline === -1 && head.length >= MAX_HEADER_BYTES) {
      throw new CsvSyntaxError({
        line: 1,
        column: null,
        value: null,
        message: `no line break in the first ${MAX_HEADER_BYTES} bytes: not a CSV file with a header`,
      });
    }
    const headerLine = head.subarray(0, newline === -1 ? head.length : newline).toString('utf8');
    this.delimiterUsed ??= detectDelimiter(headerLine);
    // The core is csv-parse's own (Parser.api), the one `csv-parse/sync` runs; it is not in the typings.
    const parser = new Parser({
      delimiter: this.delimiterUsed,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_HEADER_BYTES,
      // The record travels with its line; the typings expect the record to stay an array.
      on_record: ((fields: string[], context: { lines: number }) => ({ line: context.lines, fields })) as never,
    }) as unknown as { api: ParserCore };
    this.core = parser.api;
    this.parse(head, false);
  }

  private parse(bytes: Buffer | undefined, end: boolean): void {
    const error = this.core!.parse(bytes, end, this.onRecord, () => {});
    if (error !== undefined) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw new CsvSyntaxError({ line, column: null, value: null, message: `is not valid CSV: ${error.message}` });
    }
  }
}
