// Unit-root testing: augmented Dickey-Fuller and MacKinnon's p-values and critical values.
export { adf, defaultMaxlag, type AdfOptions, type AdfResult, type AutolagMethod, type CriticalValues } from './adf.js';
export { mackinnonp, mackinnoncrit, type CriticalValueTriple, type DeterministicTerms } from './mackinnon.js';
