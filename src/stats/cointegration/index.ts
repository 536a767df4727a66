// Cointegration tests: Engle-Granger two-step (statsmodels `coint`) and Johansen
// (statsmodels `coint_johansen`).
export {
  engleGranger,
  COLLINEAR_RSQUARED,
  type EngleGrangerOptions,
  type EngleGrangerResult,
} from './engle-granger.js';
export { johansen, type JohansenDetOrder, type JohansenOptions, type JohansenResult } from './johansen.js';
