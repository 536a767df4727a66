// How much memory and how many threads DuckDB may use. Left to itself DuckDB takes up to 80 % of
// the machine's RAM for its buffer pool and one thread per core: a process that ingests for weeks
// then grows outside the JS heap by about 1 GB an hour at 3,000 trades/s (issue #15), as the pool
// fills with pages it never has to give back, and each thread's allocator arena keeps its own.

/**
 * Memory DuckDB may use unless told otherwise. A flush of 50,000 ticks takes a few MB and a chart
 * read of 100,000 bars about 10; the rest is cache. 128MB leaves a 100-instrument process room
 * under 300 MB RSS, where its JS heaps and threads take about 250 MB (bench/soak.ts).
 */
export const DEFAULT_DB_MEMORY_LIMIT = '128MB';
/** DuckDB threads unless told otherwise: flushes are single-threaded appends; reads are small. */
export const DEFAULT_DB_THREADS = 2;

export interface DuckDbResourceLimits {
  /** DuckDB's `memory_limit`, a size such as `256MB` or `1GB`. Default DEFAULT_DB_MEMORY_LIMIT. */
  memoryLimit?: string;
  /** DuckDB's `threads`. Default DEFAULT_DB_THREADS. */
  threads?: number;
}

const UNITS: Record<string, number> = {
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};
/** Below this DuckDB cannot hold the pages of one flush and the reads beside it. */
const MIN_MEMORY_BYTES = 32e6;
const MAX_THREADS = 256;

export const MEMORY_LIMIT_FORM =
  'a size such as 256MB or 1GB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB; at least 32MB)';
export const THREADS_FORM = `an integer from 1 to ${MAX_THREADS}`;

/** `text` as DuckDB takes it (e.g. `512MB`); throws naming `field` and the allowed form. */
export function parseMemoryLimit(text: unknown, field = 'memoryLimit'): string {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B)\s*$/i.exec(String(text));
  const bytes = match === null ? Number.NaN : Number(match[1]) * UNITS[match[2].toUpperCase()];
  if (match === null || !(bytes >= MIN_MEMORY_BYTES)) {
    throw new RangeError(`${field} must be ${MEMORY_LIMIT_FORM}, got ${JSON.stringify(text)}`);
  }
  const unit = match[2].toUpperCase().replace('IB', 'iB');
  return `${match[1]}${unit}`;
}

/** `value` as a thread count; throws naming `field` and the allowed form. */
export function parseThreads(value: unknown, field = 'threads'): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS || String(value).trim() === '') {
    throw new RangeError(`${field} must be ${THREADS_FORM}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** The options DuckDB is opened with. */
export function duckDbInstanceOptions(limits: DuckDbResourceLimits): Record<string, string> {
  return {
    memory_limit: parseMemoryLimit(limits.memoryLimit ?? DEFAULT_DB_MEMORY_LIMIT, 'memoryLimit'),
    threads: String(parseThreads(limits.threads ?? DEFAULT_DB_THREADS, 'threads')),
  };
}
