import { describe, expect, it } from 'vitest';
import { IngestCounters } from './ingest-counters.js';

describe('IngestCounters', () => {
  it('reports the tick rate over the last seconds without waiting for a second health call', () => {
    let now = 0;
    const counters = new IngestCounters(() => now);
    for (let i = 0; i < 40; i++) {
      counters.addTicks(50);
      now += 100; // 500 ticks/s
    }
    expect(counters.ticksPerSec()).toBeGreaterThan(450);
    expect(counters.ticksPerSec()).toBeLessThan(550);
    now += 10_000; // silence
    expect(counters.ticksPerSec()).toBe(0);
  });
});
