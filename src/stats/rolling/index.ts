// Rolling-window statistics: streaming classes with O(1) exact updates and batch functions
// aligned with their input (null where pandas gives NaN).

export type { Observation } from './input-checks.js';
export type { StreamingEstimator } from './streaming.js';
export { RollingMean, rollingMean } from './rolling-mean.js';
export { RollingStd, rollingStd, rollingVariance, type RollingStdOptions } from './rolling-std.js';
export { RollingZScore, rollingZScore } from './rolling-zscore.js';
export { RollingCovariance, rollingCovariance } from './rolling-covariance.js';
export { RollingCorrelation, rollingCorrelation } from './rolling-correlation.js';
export { RollingBeta, rollingBeta, rollingBetaComponents, type RollingBetaComponents } from './rolling-beta.js';
