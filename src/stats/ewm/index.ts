// Exponentially weighted statistics (pandas `ewm`): streaming class and batch functions.

export { Ewm, ewm, ewmMean, type EwmValue, type EwmSeries } from './ewm.js';
export { centerOfMass, smoothingFactor, type EwmDecay, type EwmOptions } from './ewm-options.js';
