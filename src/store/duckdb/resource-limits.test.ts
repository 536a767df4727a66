import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from './duckdb-store.js';
import { openStore } from './open-store.js';
import { duckDbInstanceOptions, parseMemoryLimit, parseThreads } from './resource-limits.js';

let opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const store of opened) await store.close().catch(() => {});
  opened = [];
});

/** What DuckDB itself reports for a setting of the store's database. */
async function setting(store: DuckDbStore, name: string): Promise<unknown> {
  const { reader } = (store as unknown as { db: { reader: import('@duckdb/node-api').DuckDBConnection } }).db;
  return (await reader.runAndReadAll(`SELECT current_setting('${name}')`)).getRows()[0][0];
}

describe('DuckDB resource limits', () => {
  it.each([
    ['256MB', '256MB'],
    [' 1.5 gb ', '1.5GB'],
    ['300mib', '300MiB'],
    ['2GiB', '2GiB'],
  ])('reads the size %j as %j', (text, size) => {
    expect(parseMemoryLimit(text)).toBe(size);
  });

  it.each(['256', '256 MB of RAM', '-1GB', '10MB', '', '1e9B', 'unlimited'])(
    'refuses the size %j, naming the field and the allowed form',
    (text) => {
      expect(() => parseMemoryLimit(text, 'db-memory-limit')).toThrow(
        new RegExp(
          'db-memory-limit must be a size such as 256MB or 1GB ' +
            String.raw`\(units KB, MB, GB, TB, KiB, MiB, GiB, TiB; at least 32MB\), got`,
        ),
      );
    },
  );

  it.each([0, 1.5, -2, '', 'two', 1000])('refuses %j threads, naming the field', (value) => {
    expect(() => parseThreads(value, 'db-threads')).toThrow(/db-threads must be an integer from 1 to 256, got/);
  });

  it('opens DuckDB with 128MB and 2 threads unless told otherwise', () => {
    expect(duckDbInstanceOptions({})).toEqual({ memory_limit: '128MB', threads: '2' });
  });

  it('applies the limits it is given to the database it opens', async () => {
    const store = new DuckDbStore({ path: ':memory:', memoryLimit: '64MiB', threads: 1 });
    opened.push(store);
    await store.open();
    expect(await setting(store, 'memory_limit')).toBe('64.0 MiB');
    expect(await setting(store, 'threads')).toBe(1n);
  });

  it('fails to open, on either thread, with a bad limit and names it', async () => {
    await expect(openStore({ path: ':memory:', memoryLimit: 'lots' })).rejects.toThrow(/memoryLimit must be a size/);
    await expect(openStore({ path: ':memory:', thread: 'worker', threads: 0 })).rejects.toThrow(
      /threads must be an integer from 1 to 256, got 0/,
    );
  });
});
