// kalman.json: 2-state random-walk-coefficient Kalman filter (reference numpy recursion).
// Every case and every expected key is checked with the README tolerance.

import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, mismatch, type GoldenCase } from '../../../test/golden/golden.js';
import { compareToExpected, type Computed, type Tolerance } from '../contract/golden-walk.js';
import type { Observation } from '../rolling/index.js';
import { kalmanHedge } from './index.js';

interface KalmanParams {
  delta: number;
  Ve: number;
  Vw: number;
  initialState: [number, number];
  initialP: [[number, number], [number, number]];
}
type KalmanCase = GoldenCase<KalmanParams, { x: Observation[]; y: Observation[] }, Record<string, unknown>>;

const KALMAN: Tolerance = { rtol: 1e-9, atol: 1e-15 };

function compute(c: KalmanCase): Computed {
  const p = c.params;
  const r = kalmanHedge(c.input.x, c.input.y, {
    delta: p.delta,
    observationVariance: p.Ve,
    initialState: p.initialState,
    initialCovariance: p.initialP,
  });
  return { ...r };
}

const golden = loadGolden<KalmanCase>('kalman.json');

describe('kalman.json (dynamic hedge ratio)', () => {
  for (const c of golden.cases) {
    it(c.id, () => {
      if ('error' in c.expected) {
        expect(() => compute(c)).toThrow();
        return;
      }
      const problems = compareToExpected({ mismatch, arrayMismatches }, c.expected, compute(c), () => KALMAN);
      // The process noise the case states must be the one δ implies.
      const vw = mismatch(c.params.delta / (1 - c.params.delta), c.params.Vw, { rtol: 1e-15, atol: 0 });
      if (vw) problems.push(`Vw: ${vw}`);
      expect(problems).toEqual([]);
    });
  }
});
