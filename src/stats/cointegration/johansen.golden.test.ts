// Every case of johansen.json (statsmodels 0.13.5 coint_johansen). Eigenvector columns are
// compared up to sign: statsmodels fixes only the sign of the whole matrix.
import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, mismatch, type Tolerance } from '../../../test/golden/golden.js';
import { johansen, type JohansenDetOrder } from './johansen.js';

interface JohansenCase {
  id: string;
  params: { det_order: JohansenDetOrder; k_ar_diff: number };
  input: { series: number[][] };
  expected: {
    eig: number[];
    evec: number[][];
    evecNormalized: number[][];
    traceStat: number[];
    maxEigStat: number[];
    traceCrit: number[][];
    maxEigCrit: number[][];
    nobsEffective: number;
    error?: string;
  };
}

const STAT: Tolerance = { rtol: 1e-7, atol: 1e-10 };
const EVEC: Tolerance = { rtol: 1e-6, atol: 1e-9 };
const EXACT: Tolerance = { rtol: 0, atol: 0 };

const golden = loadGolden<JohansenCase>('johansen.json');

describe('johansen.json', () => {
  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const run = () => johansen(c.input.series, { detOrder: c.params.det_order, kArDiff: c.params.k_ar_diff });
    if (c.expected.error !== undefined) {
      expect(run).toThrow();
      return;
    }
    const got = run();
    const e = c.expected;
    const out: string[] = [];
    const m = mismatch(got.nobsEffective, e.nobsEffective, EXACT);
    if (m) out.push(`nobsEffective: ${m}`);
    out.push(...arrayMismatches('eig', got.eig, e.eig, STAT));
    out.push(...arrayMismatches('traceStat', got.traceStat, e.traceStat, STAT));
    out.push(...arrayMismatches('maxEigStat', got.maxEigStat, e.maxEigStat, STAT));
    e.traceCrit.forEach((row, r) => {
      out.push(...arrayMismatches(`traceCrit[${r}]`, got.traceCrit[r], row, EXACT));
    });
    e.maxEigCrit.forEach((row, r) => {
      out.push(...arrayMismatches(`maxEigCrit[${r}]`, got.maxEigCrit[r], row, EXACT));
    });
    const k = e.eig.length;
    for (let j = 0; j < k; j++) {
      const expCol = e.evec.map((row) => row[j]);
      const gotCol = got.evec.map((row) => row[j]);
      const sign = expCol.reduce((acc, v, i) => acc + v * gotCol[i], 0) >= 0 ? 1 : -1;
      out.push(
        ...arrayMismatches(
          `evec[:,${j}]`,
          gotCol.map((v) => sign * v),
          expCol,
          EVEC,
        ),
      );
      out.push(
        ...arrayMismatches(
          `evecNormalized[:,${j}]`,
          got.evecNormalized.map((row) => row[j]),
          e.evecNormalized.map((row) => row[j]),
          EVEC,
        ),
      );
    }
    expect(out).toEqual([]);
  });
});
