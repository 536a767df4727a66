// theilsen.json: scipy.stats.theilslopes (both intercept methods, 95 % CI) and
// scipy.stats.siegelslopes (both methods). Every case and every expected key is checked.

import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, mismatch, type GoldenCase } from '../../../test/golden/golden.js';
import { compareToExpected, type Computed, type Tolerance } from '../contract/golden-walk.js';
import { siegelSlopes, theilSen } from './index.js';

type TheilCase = GoldenCase<{ alpha: number }, { x: number[]; y: number[] }, Record<string, unknown>>;

const ROBUST: Tolerance = { rtol: 1e-12, atol: 1e-12 };

function compute(c: TheilCase): Computed {
  const { x, y } = c.input;
  const alpha = c.params.alpha;
  const separate = theilSen(x, y, { alpha, method: 'separate' });
  const joint = theilSen(x, y, { alpha, method: 'joint' });
  const hierarchical = siegelSlopes(x, y, { method: 'hierarchical' });
  const siegelSeparate = siegelSlopes(x, y, { method: 'separate' });
  return {
    theil: {
      slope: separate.slope,
      low: separate.lowSlope,
      high: separate.highSlope,
      separate: { intercept: separate.intercept },
      joint: { slope: joint.slope, low: joint.lowSlope, high: joint.highSlope, intercept: joint.intercept },
    },
    siegel: { hierarchical: { ...hierarchical }, separate: { ...siegelSeparate } },
  };
}

const golden = loadGolden<TheilCase>('theilsen.json');

describe('theilsen.json (Theil-Sen, Siegel)', () => {
  for (const c of golden.cases) {
    it(c.id, () => {
      if ('error' in c.expected) {
        expect(() => theilSen(c.input.x, c.input.y, { alpha: c.params.alpha })).toThrow();
        expect(() => theilSen(c.input.x, c.input.y, { alpha: c.params.alpha, method: 'joint' })).toThrow();
        expect(() => siegelSlopes(c.input.x, c.input.y)).toThrow();
        expect(() => siegelSlopes(c.input.x, c.input.y, { method: 'separate' })).toThrow();
        return;
      }
      const problems = compareToExpected({ mismatch, arrayMismatches }, c.expected, compute(c), () => ROBUST);
      expect(problems).toEqual([]);
    });
  }
});
