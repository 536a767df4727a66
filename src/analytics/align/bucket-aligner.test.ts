import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignLegs, BucketAligner, carriedCounts, type LegBar } from './bucket-aligner.js';

const bars = (...pairs: Array<[number, number]>): LegBar[] => pairs.map(([start, close]) => ({ start, close }));

describe('BucketAligner', () => {
  it('carries the last close of a leg without a bar and says so', () => {
    const points = alignLegs([bars([0, 10], [1, 11], [3, 13]), bars([0, 20], [2, 22], [3, 23])]);
    expect(points).toEqual([
      { start: 0, closes: [10, 20], carried: [false, false] },
      { start: 1, closes: [11, 20], carried: [false, true] },
      { start: 2, closes: [11, 22], carried: [true, false] },
      { start: 3, closes: [13, 23], carried: [false, false] },
    ]);
    expect(carriedCounts(points, 2)).toEqual([1, 1]);
  });

  it('drops buckets before every leg has had a bar, and buckets no leg traded in', () => {
    const points = alignLegs([bars([0, 1], [1, 2], [5, 3]), bars([1, 7], [6, 8])]);
    expect(points.map((p) => p.start)).toEqual([1, 5, 6]);
  });

  it('holds a bucket until every leg is known to be past it', () => {
    const aligner = new BucketAligner(2);
    aligner.addClose(0, 0, 10);
    aligner.addClose(1, 0, 20);
    aligner.addClose(0, 1, 11);
    expect(aligner.drain().map((p) => p.start)).toEqual([0]);
    expect(aligner.hasPending).toBe(true);
    aligner.completeThrough(1, 1); // y traded in bucket 2: it had no bar in bucket 1
    expect(aligner.drain()).toEqual([{ start: 1, closes: [11, 20], carried: [false, true] }]);
  });

  it('refuses a close for an emitted bucket, so the caller can treat it as an amendment', () => {
    const aligner = new BucketAligner(2);
    aligner.addClose(0, 0, 1);
    aligner.addClose(1, 0, 2);
    aligner.drain();
    expect(aligner.addClose(0, 0, 5)).toBe(false);
    expect(aligner.addClose(0, 1, 5)).toBe(true);
  });

  it('gives the same points fed live (interleaved, with completion signals) as fed whole', () => {
    const leg = fc
      .uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 })
      .map((s) => s.sort((a, b) => a - b));
    fc.assert(
      fc.property(
        fc.array(leg, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (legStarts, seed) => {
          const legs = legStarts.map((starts, l) => starts.map((start) => ({ start, close: l * 1000 + start })));
          const whole = alignLegs(legs);
          // Live: bars arrive leg by leg in a shuffled interleaving; a bar's close also tells that
          // every other leg's earlier bars have closed once the clock passed them.
          const events = legs.flatMap((b, l) => b.map((bar) => ({ l, bar })));
          let state = seed;
          const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
          events.sort((a, b) => a.bar.start - b.bar.start || random() - 0.5);
          const aligner = new BucketAligner(legs.length);
          const live = [];
          for (const { l, bar } of events) {
            aligner.addClose(l, bar.start, bar.close);
            for (let other = 0; other < legs.length; other++) aligner.completeThrough(other, bar.start - 1);
            live.push(...aligner.drain());
          }
          for (let l = 0; l < legs.length; l++) aligner.completeThrough(l, Number.POSITIVE_INFINITY);
          live.push(...aligner.drain());
          expect(live).toEqual(whole);
        },
      ),
    );
  });
});
