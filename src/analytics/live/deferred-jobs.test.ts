import { describe, expect, it } from 'vitest';
import { DeferredJobs } from './deferred-jobs.js';

describe('DeferredJobs', () => {
  it('runs nothing in the turn that asks, then one job per event-loop turn', async () => {
    const order: string[] = [];
    const jobs = new DeferredJobs();
    const job = (name: string) => ({ runJob: () => order.push(name) });
    const a = job('a');
    const b = job('b');
    jobs.request(a);
    jobs.request(b);
    expect(order).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['a']);
    await jobs.idle();
    expect(order).toEqual(['a', 'b']);
  });

  it('queues a job asked for again while it waits only once', async () => {
    let runs = 0;
    const jobs = new DeferredJobs();
    const job = { runJob: () => runs++ };
    for (let i = 0; i < 100; i++) jobs.request(job);
    await jobs.idle();
    expect(runs).toBe(1);
  });

  it('reports a failing job and keeps going; a cancelled or stopped queue runs nothing', async () => {
    const errors: unknown[] = [];
    const jobs = new DeferredJobs((error) => errors.push(error));
    let ran = 0;
    const cancelled = { runJob: () => ran++ };
    jobs.request({
      runJob: () => {
        throw new Error('boom');
      },
    });
    jobs.request(cancelled);
    jobs.cancel(cancelled);
    jobs.request({ runJob: () => ran++ });
    await jobs.idle();
    expect(errors).toHaveLength(1);
    expect(ran).toBe(1);
    jobs.stop();
    jobs.request({ runJob: () => ran++ });
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(1);
  });
});

describe('DeferredJobs yielding to fresh updates', () => {
  it('lets a turn that produced updates send them before the next job runs', async () => {
    const order: string[] = [];
    let fresh = false;
    const jobs = new DeferredJobs(undefined, () => {
      const was = fresh;
      fresh = false;
      return was;
    });
    jobs.request({ runJob: () => order.push('job') });
    fresh = true; // e.g. a bar closed in this turn and the gateway will flush it
    setImmediate(() => order.push('flush'));
    await jobs.idle();
    expect(order).toEqual(['flush', 'job']);
  });
});
