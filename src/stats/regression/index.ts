// Linear regression: OLS with statsmodels-compatible statistics and the pairs hedge regression.
export { ols, type OlsOptions, type OlsResult } from './ols.js';
export { olsHedge, type HedgeRegression } from './ols-hedge.js';
