import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fma } from './exact-fma.js';

/** Exact a·b + c with BigInt arithmetic, rounded to nearest-even by parsing. */
function exactFma(a: number, b: number, c: number): number {
  const parts = [a, b, c].map(toRational);
  const [pa, pb, pc] = parts;
  const num = pa.num * pb.num * pc.den + pc.num * pa.den * pb.den;
  const den = pa.den * pb.den * pc.den;
  return ratioToDouble(num, den);
}

function toRational(x: number): { num: bigint; den: bigint } {
  let den = 1n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return { num: BigInt(v), den };
}

function ratioToDouble(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const negative = num < 0n;
  if (negative) num = -num;
  // Scale to a 55+ bit integer quotient, then round half-to-even by hand.
  let shift = 0;
  while (num / den < 1n << 60n) {
    num <<= 1n;
    shift++;
  }
  while (num / den >= 1n << 61n) {
    den <<= 1n;
    shift--;
  }
  const q = num / den;
  const sticky = num % den !== 0n;
  const bits = q.toString(2).length;
  const drop = BigInt(bits - 53);
  let mant = q >> drop;
  const rest = q & ((1n << drop) - 1n);
  const half = 1n << (drop - 1n);
  if (rest > half || (rest === half && (sticky || (mant & 1n) === 1n))) mant += 1n;
  const value = Number(mant) * 2 ** (Number(drop) - shift);
  return negative ? -value : value;
}

describe('fma', () => {
  it('rounds a·b + c once, like the hardware instruction', () => {
    const e = 2 ** -30;
    expect(fma(1 + e, 1 - e, -1)).toBe(-(2 ** -60));
    expect((1 + e) * (1 - e) - 1).toBe(0);
  });

  it('equals exact rational arithmetic rounded to nearest even (property)', () => {
    const moderate = fc
      .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
      .filter((v) => v === 0 || Math.abs(v) > 1e-6);
    fc.assert(
      fc.property(moderate, moderate, fc.double({ min: -2, max: 2, noNaN: true }), (a, b, t) => {
        const c = -(a * b) * (1 + t * 2 ** -40);
        return Object.is(fma(a, b, c) + 0, exactFma(a, b, c) + 0);
      }),
      { numRuns: 2000 },
    );
  });
});
