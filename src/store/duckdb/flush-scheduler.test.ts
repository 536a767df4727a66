import { describe, expect, it } from 'vitest';
import { FlushScheduler } from './flush-scheduler.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('FlushScheduler', () => {
  it('never runs two writes at once and joins requests made while one waits', async () => {
    const writes: Array<ReturnType<typeof deferred>> = [];
    let running = 0;
    let maxRunning = 0;
    const scheduler = new FlushScheduler(60_000, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const write = deferred();
      writes.push(write);
      await write.promise;
      running--;
    });
    const first = scheduler.flush();
    await Promise.resolve();
    const second = scheduler.flush();
    const third = scheduler.flush();
    expect(third).toBe(second);
    await Promise.resolve();
    expect(writes).toHaveLength(1);
    writes[0].resolve();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    writes[1].resolve();
    await second;
    expect(maxRunning).toBe(1);
  });

  it('keeps flushing after a failed write', async () => {
    let calls = 0;
    const scheduler = new FlushScheduler(60_000, async () => {
      calls++;
      if (calls === 1) throw new Error('disk full');
    });
    await expect(scheduler.flush()).rejects.toThrow('disk full');
    await scheduler.flush();
    expect(calls).toBe(2);
  });

  it('flushes once per armed interval however often it is armed', async () => {
    let calls = 0;
    const scheduler = new FlushScheduler(10, async () => {
      calls++;
    });
    scheduler.arm();
    scheduler.arm();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(1);
  });
});
