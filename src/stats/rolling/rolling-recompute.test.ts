// Property: every rolling estimator equals a from-scratch two-pass recomputation of each window
// over random streams (with missing values, constant runs and large offsets).

import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  close,
  perWindow,
  twoPassBeta,
  twoPassCorrelation,
  twoPassMean,
  twoPassVariance,
  twoPassZScore,
} from '../contract/two-pass.js';
import { rollingBeta, rollingCorrelation, rollingMean, rollingStd, rollingZScore } from './index.js';

/** Values on a coarse grid around an offset, so constant runs and ties are common. */
const stream = fc
  .tuple(
    fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { freq: 12, nil: null }), { minLength: 1, maxLength: 200 }),
    fc.constantFrom(0, 1, 1e4, 6e4),
  )
  .map(([ints, offset]) => ints.map((v) => (v === null ? null : offset + v / 8)));
const window = fc.integer({ min: 1, max: 40 });

describe('rolling estimators equal two-pass recomputation', () => {
  it('mean, std (ddof 0 and 1) and z-score', () => {
    fc.assert(
      fc.property(stream, window, (xs, w) => {
        const mean = rollingMean(xs, w);
        const std1 = rollingStd(xs, w);
        const std0 = rollingStd(xs, w, { ddof: 0 });
        const z = rollingZScore(xs, w);
        const refMean = perWindow(xs, w, twoPassMean);
        const std = (ddof: number) => (s: readonly (number | null)[]) => {
          const v = twoPassVariance(s, ddof);
          return v === null ? null : Math.sqrt(v);
        };
        const refStd1 = perWindow(xs, w, std(1));
        const refStd0 = perWindow(xs, w, std(0));
        const refZ = perWindow(xs, w, twoPassZScore);
        return xs.every(
          (_, i) =>
            close(mean[i], refMean[i], 1e-13, 1e-12) &&
            close(std1[i], refStd1[i], 1e-9, 1e-9) &&
            close(std0[i], refStd0[i], 1e-9, 1e-9) &&
            close(z[i], refZ[i], 1e-7, 1e-7),
        );
      }),
    );
  });

  it('correlation and beta', () => {
    fc.assert(
      fc.property(stream, stream, window, (a, b, w) => {
        const n = Math.min(a.length, b.length);
        const x = a.slice(0, n);
        const y = b.slice(0, n);
        const corr = rollingCorrelation(x, y, w);
        const beta = rollingBeta(x, y, w);
        const pairs = x.map((v, i) => [v, y[i]] as const);
        const refCorr = perWindow(pairs, w, (s) =>
          twoPassCorrelation(
            s.map((p) => (p[1] === null ? null : p[0])),
            s.map((p) => (p[0] === null ? null : p[1])),
          ),
        );
        const refBeta = perWindow(pairs, w, (s) =>
          twoPassBeta(
            s.map((p) => (p[1] === null ? null : p[0])),
            s.map((p) => (p[0] === null ? null : p[1])),
          ),
        );
        return x.every((_, i) => close(corr[i], refCorr[i], 1e-7, 1e-7) && close(beta[i], refBeta[i], 1e-7, 1e-7));
      }),
    );
  });
});
