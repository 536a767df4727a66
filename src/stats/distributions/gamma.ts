// Log-gamma and log-beta in double precision for positive arguments: Stirling's series after
// shifting the argument above 15, so the truncation error is below 1e-19.

const HALF_LN_2PI = 0.91893853320467274178;
const STIRLING_SHIFT = 15;

/** ln Γ(x) for x > 0. Throws for x ≤ 0 or non-finite x. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma: x must be a positive finite number, got ${x}`);
  let shift = 0;
  let z = x;
  if (z < STIRLING_SHIFT) {
    // Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)); the product stays far from overflow for k ≤ 15.
    let product = 1;
    while (z < STIRLING_SHIFT) {
      product *= z;
      z += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  // Bernoulli terms B_{2k} / (2k (2k−1) z^{2k−1}) up to k = 7.
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156)))))));
  return (z - 0.5) * Math.log(z) - z + HALF_LN_2PI + series - shift;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}
