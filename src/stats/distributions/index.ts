// Probability distributions used by the tests: standard normal, Student-t, and the special
// functions behind them.
export { erf, erfc, normalCdf, normalSf, normalQuantile } from './normal.js';
export { logGamma, logBeta } from './gamma.js';
export { regularizedIncompleteBeta } from './incomplete-beta.js';
export { studentTCdf, studentTSf, studentTTwoSidedPValue } from './student-t.js';
