// Whether a database file can be used at all, checked when the store opens it. DuckDB opens a
// truncated file without complaint (its header and catalog may sit in the first blocks) and then
// fails every write that touches a missing block (issue #15: "starts ok and fails every write"),
// so the file is held to the size its own header implies.
import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';

/** The main header and the two database headers in front of the first block. */
const HEADER_BYTES = 3 * 4096;

/** The database file cannot be used; the message names it and says what to do. */
export class StoreFileError extends Error {
  override name = 'StoreFileError';
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the database file ${path} cannot be used: ${reason}. Restore it from a backup, or move it away ` +
        '(or choose another file with --db) to start with an empty database',
      options,
    );
  }

  /** Wraps an error DuckDB gave while opening `path`; a lock held by another process keeps its own words. */
  static from(path: string, error: unknown): StoreFileError | Error {
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) return error instanceof Error ? error : new Error(message);
    return new StoreFileError(path, message.split('\n', 1)[0], { cause: error });
  }
}

/** Throws a StoreFileError when the file is shorter than the blocks its header lists. */
export async function checkDatabaseFile(connection: DuckDBConnection, path: string): Promise<void> {
  const result = await connection.runAndReadAll(
    `SELECT block_size::DOUBLE, total_blocks::DOUBLE FROM pragma_database_size()
     WHERE database_name = current_database()`,
  );
  const [blockSize, totalBlocks] = (result.getRows()[0] ?? [0, 0]) as [number, number];
  const fileBytes = statSync(path).size;
  const expected = totalBlocks === 0 ? 0 : HEADER_BYTES + totalBlocks * blockSize;
  if (fileBytes < expected) {
    throw new StoreFileError(
      path,
      `it is truncated (${fileBytes} bytes, but its header lists ${totalBlocks} blocks of ${blockSize} bytes, ` +
        `${expected} bytes in all)`,
    );
  }
}
