// The statistics library: pure functions and streaming estimators, no I/O, no clocks.
export * from './linalg/index.js';
export * from './distributions/index.js';
export * from './regression/index.js';
export * from './unitroot/index.js';
export * from './cointegration/index.js';
export * from './meanreversion/index.js';
export * from './rolling/index.js';
export * from './ewm/index.js';
export * from './returns/index.js';
export * from './volatility/index.js';
export * from './indicators/index.js';
export * from './kalman/index.js';
export * from './robust/index.js';
