export * from './instrument.js';
export * from './timeframe.js';
export * from './tick.js';
export * from './bar.js';
export * from './trade-id-gaps.js';
export * from './metric.js';
export * from './alert-bus-message.js';
export * from './instrument-meta.js';
