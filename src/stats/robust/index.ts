// Robust (outlier-resistant) line fits: Theil–Sen with Sen's CI, Siegel repeated medians.

export { theilSen, type TheilSenOptions, type TheilSenResult } from './theil-sen.js';
export { siegelSlopes, type SiegelOptions, type SiegelResult } from './siegel.js';
export { median } from './select.js';
