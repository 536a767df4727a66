// Natural logarithm that reproduces, bit for bit, numpy's float64 `np.log` as the reference
// vectors were computed: numpy 1.24 on an AVX-512 (Skylake-X class) CPU dispatches `np.log` to
// Intel SVML's `__svml_log8`, whose results differ from libm's in the last bit for about a third
// of prices. One ulp of ln(30,000) is 1.8e-15, more than the 1e-15 tolerance on a minute log
// return, so Math.log cannot reproduce pandas' log returns. The algorithm (Tang's table method):
//   x = 2^e·m, m ∈ [1, 2);  R = 1/m rounded to 1/32;  r = fma(R, m, −1)
//   ln x = (e + [R < 3/4])·ln 2 + T[R] + r + r²·p(r),  T[R] = −ln R (or −ln 2R), p of degree 7,
// with every step a fused multiply-add in the order of the SVML kernel. The result is always
// within about one ulp of the true logarithm. Inputs must be positive, finite and normal.

import { fma } from '../rolling/exact-fma.js';

// −ln(2R) for R = 16/32 … 23/32 and −ln(R) for R = 24/32 … 31/32, indexed by the top 4
// mantissa bits of R; R = 1 maps to index 0 (value 0) as well.
const TABLE = new Float64Array([
  0.0, -0.06062462181643484, -0.11778303565638346, -0.17185025692665923, -0.22314355131420976, -0.27193371548364176,
  -0.3184537311185346, -0.3629054936893685, 0.2876820724517809, 0.24686007793152578, 0.2076393647782445,
  0.16989903679539747, 0.13353139262452263, 0.09844007281325252, 0.06453852113757118, 0.0317486983145803,
]);
// Minimax coefficients of ln(1 + r) ≈ r + c2·r² + … + c9·r⁹ used by the SVML kernel.
const C2 = -0.4999999999999968;
const C3 = 0.33333333333332005;
const C4 = -0.2500000000437373;
const C5 = 0.20000000009280938;
const C6 = -0.16666650546695666;
const C7 = 0.14285690939597326;
const C8 = -0.125220000081181;
const C9 = 0.11135561406034511;
const LN2 = Math.LN2;

const word = new Float64Array(1);
const halves = new Uint32Array(word.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** ln x as numpy 1.24 `np.log` computes it on AVX-512 hardware; x must be a positive normal number. */
export function referenceLog(x: number): number {
  word[0] = x;
  const hi = halves[HIGH];
  const biased = (hi >>> 20) & 0x7ff;
  if (!(x > 0) || biased === 0 || biased === 0x7ff) return Math.log(x);
  const e = biased - 1023;
  halves[HIGH] = (hi & 0x800fffff) | 0x3ff00000;
  const m = word[0];
  // vrcp14pd then vrndscalepd to 5 fraction bits; 32/m is never a half-integer for m in (1, 2).
  const R = Math.round(32 / m) / 32;
  const r = fma(R, m, -1);
  const exponent = R < 0.75 ? e + 1 : e;
  word[0] = R;
  const index = (halves[HIGH] >>> 16) & 15;
  const r2 = r * r;
  const r4 = r2 * r2;
  const a = fma(C7, r, C6);
  const b = fma(C9, r, C8);
  const c = fma(C3, r, C2);
  const d = fma(C5, r, C4);
  const high = fma(r2, b, a);
  const low = fma(r2, d, c);
  const p = fma(r4, high, low);
  const tail = fma(r2, p, r);
  return fma(LN2, exponent, TABLE[index] + tail);
}
