// Rolling-window statistics: streaming classes with O(1) exact updates and batch functions
// aligned with their input (null where pandas gives NaN). The *F64 variants take and return
// Float64Arrays with NaN for missing, which avoids boxing a million numbers into an array.

export type { Observation } from './input-checks.js';
export type { StreamingEstimator } from './streaming.js';
export { RollingMean, rollingMean, rollingMeanF64 } from './rolling-mean.js';
export { RollingStd, rollingStd, rollingStdF64, rollingVariance, type RollingStdOptions } from './rolling-std.js';
export { RollingZScore, rollingZScore, rollingZScoreF64 } from './rolling-zscore.js';
export { RollingCovariance, rollingCovariance } from './rolling-covariance.js';
export { RollingCorrelation, rollingCorrelation, rollingCorrelationF64 } from './rolling-correlation.js';
export { RollingBeta, rollingBeta, rollingBetaComponents, type RollingBetaComponents } from './rolling-beta.js';
