// Regularized incomplete beta function I_x(a, b) by the Lentz continued fraction, taking x and
// its complement 1 − x separately so that neither tail loses digits to cancellation.
import { logBeta } from './gamma.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** Continued fraction of I_x(a, b) (Numerical Recipes `betacf`), converging for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h;
  }
  throw new Error(`incomplete beta: continued fraction did not converge for a=${a}, b=${b}, x=${x}`);
}

/** x^a (1−x)^b / (a B(a, b)) computed in logs; `y` is 1 − x given exactly by the caller. */
function frontFactor(a: number, b: number, x: number, y: number): number {
  return Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta(a, b)) / a;
}

/**
 * Regularized incomplete beta I_x(a, b) = B(x; a, b) / B(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
 * Pass `complement` = 1 − x when it is known more accurately than `1 - x` (e.g. t²/(ν+t²)).
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, complement = 1 - x): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`regularizedIncompleteBeta: a and b must be > 0, got a=${a}, b=${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedIncompleteBeta: x must be in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (complement === 0) return 1;
  if (x < (a + 1) / (a + b + 2)) return frontFactor(a, b, x, complement) * betaContinuedFraction(a, b, x);
  return 1 - frontFactor(b, a, complement, x) * betaContinuedFraction(b, a, complement);
}
