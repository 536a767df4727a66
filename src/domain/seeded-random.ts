// The one seeded pseudo-random generator of tests, benches and fakes (mulberry32): the same seed
// gives the same numbers on every run and platform, so a generated market or series is a fixture.
// Not for anything that must be unpredictable. The simulator keeps its own sfc32 generator
// (src/sources/sim/random.ts): its outputs are pinned by tests and must not change.

/** mulberry32: 32 random bits per call, as an unsigned integer. */
export function seededBits(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  const bits = seededBits(seed);
  return () => bits() / 4294967296;
}

/** Uniform in the open interval (0, 1): safe under `Math.log`. */
export function seededOpenUniform(seed: number): () => number {
  const bits = seededBits(seed);
  return () => (bits() + 1) / 4294967297;
}

/** Standard normal draws by Box-Muller (cosine branch, two uniforms per draw) from uniforms in (0, 1). */
export function gaussianFrom(openUniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(openUniform())) * Math.cos(2 * Math.PI * openUniform());
}

/** Standard normal draws, seeded. */
export function seededGaussian(seed: number): () => number {
  return gaussianFrom(seededOpenUniform(seed));
}
