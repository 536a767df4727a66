import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, isDatabaseInvalidated, MAX_RETRY_MS, WriteFailures } from './write-failures.js';

describe('WriteFailures', () => {
  it('reports the first failure of a run as started and the rest as continuing, with the time it began', () => {
    let now = 1_000;
    const failures = new WriteFailures(() => now);
    expect(failures.failed(new Error('disk full'))).toBe('started');
    now = 2_000;
    expect(failures.failed(new Error('still full'))).toBe('continues');
    expect(failures.snapshot()).toEqual({ failedFlushes: 2, failingSince: 1_000, lastError: 'still full' });
    expect(failures.failing).toBe(true);
  });

  it('ends the run on a success, says how long it lasted, and keeps the total and the last error', () => {
    let now = 0;
    const failures = new WriteFailures(() => now);
    expect(failures.succeeded()).toBeNull();
    failures.failed(new Error('disk full'));
    failures.failed(new Error('disk full'));
    now = 7_500;
    expect(failures.succeeded()).toEqual({ failures: 2, sinceMs: 7_500 });
    expect(failures.snapshot()).toEqual({ failedFlushes: 2, failingSince: null, lastError: 'disk full' });
    expect(failures.failed(new Error('again'))).toBe('started');
  });

  it('backs off from the first retry delay, doubling up to the cap, and starts over after a success', () => {
    const failures = new WriteFailures(() => 0);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      failures.failed(new Error('x'));
      delays.push(failures.retryDelayMs());
    }
    expect(delays[0]).toBe(FIRST_RETRY_MS);
    expect(delays[1]).toBe(FIRST_RETRY_MS * 2);
    expect(delays.at(-1)).toBe(MAX_RETRY_MS);
    expect(delays.every((delay, i) => i === 0 || delay >= delays[i - 1])).toBe(true);
    failures.succeeded();
    failures.failed(new Error('x'));
    expect(failures.retryDelayMs()).toBe(FIRST_RETRY_MS);
  });
});

describe('isDatabaseInvalidated', () => {
  it('recognises the errors after which DuckDB must be reopened, and not an ordinary write failure', () => {
    expect(
      isDatabaseInvalidated(
        new Error('FATAL Error: Failed to create checkpoint because of error: Could not write file "x": No space'),
      ),
    ).toBe(true);
    expect(
      isDatabaseInvalidated(new Error('Failed: database has been invalidated because of a previous fatal error.')),
    ).toBe(true);
    expect(
      isDatabaseInvalidated(new Error('TransactionContext Error: Failed to commit: Could not write file "x.wal"')),
    ).toBe(false);
  });
});
