// Mean-reversion diagnostics for spreads: OU half-life and the Hurst exponent.
export { halfLife, type HalfLifeResult } from './half-life.js';
export { hurstExponent, HURST_MIN_LENGTH, type HurstOptions } from './hurst.js';
