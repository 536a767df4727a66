import { describe, expect, it } from 'vitest';
import { engleGranger } from '../../stats/cointegration/index.js';
import { halfLife } from '../../stats/meanreversion/index.js';
import { rollingCorrelation } from '../../stats/rolling/index.js';
import { simpleReturns } from '../../stats/returns/index.js';
import { correlationMatrix } from './correlation-matrix.js';
import { scanPairs } from './pair-scanner.js';
import { gaussianFrom, seededOpenUniform } from '../../domain/seeded-random.js';

function market(n: number) {
  const uniform = seededOpenUniform(9);
  const normal = gaussianFrom(uniform);
  let a = 100;
  let c = 40;
  let spread = 0;
  const A = new Float64Array(n);
  const B = new Float64Array(n);
  const C = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    a += normal();
    c += normal();
    spread = 0.8 * spread + normal();
    A[t] = a;
    B[t] = 0.5 * a + 20 + spread;
    C[t] = c;
  }
  return { names: ['A', 'B', 'C'], closes: [A, B, C] };
}

describe('scanPairs', () => {
  it('ranks the cointegrated pair first and reports the library Engle-Granger, half-life and correlation', async () => {
    const { names, closes } = market(500);
    const rows = await scanPairs(names, closes);
    expect(rows.map((r) => [r.rank, r.x, r.y])[0]).toEqual([1, 'A', 'B']);
    for (const row of rows) {
      const i = names.indexOf(row.x);
      const j = names.indexOf(row.y);
      const eg = engleGranger(closes[j], closes[i]);
      expect(row.pValue).toBe(eg.pvalue);
      expect(row.hedgeRatio).toBe(eg.hedgeRatio);
      expect(row.halfLife).toBe(halfLife(eg.spread).halflife);
      const ri = simpleReturns(Array.from(closes[i]));
      const rj = simpleReturns(Array.from(closes[j]));
      expect(row.correlation).toBeCloseTo(rollingCorrelation(ri.slice(1), rj.slice(1), 499)[498]!, 12);
    }
    expect(rows[0].pValue!).toBeLessThan(0.01);
    expect(rows[0].halfLife!).toBeGreaterThan(0);
  });

  it('reports a pair it cannot test instead of failing the scan', async () => {
    const rows = await scanPairs(
      ['A', 'FLAT'],
      [Float64Array.from({ length: 50 }, (_, i) => 100 + Math.sin(i)), new Float64Array(50).fill(3)],
    );
    expect(rows[0].error).toMatch(/constant/);
    expect(rows[0].pValue).toBeNull();
    expect(rows[0].correlation).toBeNull();
  });

  it('gives the same rows with worker threads (or scanning here when a worker cannot start)', async () => {
    const { names, closes } = market(200);
    const wide = [...names, 'D', 'E'];
    const more = [...closes, closes[0].map((v, t) => v + Math.cos(t)), closes[2].map((v, t) => 2 * v + Math.sin(t))];
    expect(await scanPairs(wide, more, { workers: 2 })).toEqual(await scanPairs(wide, more, { workers: 0 }));
  });

  it('sorts by half-life or correlation on request', async () => {
    const { names, closes } = market(300);
    const byCorrelation = await scanPairs(names, closes, { sort: 'correlation' });
    const corr = byCorrelation.map((r) => Math.abs(r.correlation!));
    expect([...corr].sort((a, b) => b - a)).toEqual(corr);
  });
});

describe('correlationMatrix', () => {
  it('is the rolling correlation of simple returns over the last window, symmetric with a unit diagonal', () => {
    const { closes } = market(200);
    const { matrix, nobs } = correlationMatrix(closes, 60);
    expect(nobs).toBe(60);
    const r0 = simpleReturns(Array.from(closes[0]));
    const r1 = simpleReturns(Array.from(closes[1]));
    expect(matrix[0][1]).toBeCloseTo(rollingCorrelation(r0, r1, 60)[199]!, 14);
    expect(matrix[1][0]).toBe(matrix[0][1]);
    expect(matrix[2][2]).toBeCloseTo(1, 12);
  });

  it('gives nulls when there are fewer returns than the window', () => {
    expect(correlationMatrix([new Float64Array([1, 2, 3]), new Float64Array([3, 2, 4])], 60).matrix).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});
