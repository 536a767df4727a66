// Returns and return-based (close-to-close) volatility.

export { simpleReturns, logReturns } from './returns.js';
export { periodsPerYear } from './periods-per-year.js';
export { realizedVolatility, fullSampleVolatility, type RealizedVolatilityOptions } from './realized-volatility.js';
