// Session statistics: the session clock, definitions and profiles, rows from 1m bars, the report.
export * from './session-clock.js';
export * from './session-definition.js';
export * from './session-report.js';
export * from './session-rows.js';
export * from './session-history.js';
export * from './session-profiles.js';
export * from './session-recompute.js';
export * from './session-report-cache.js';
export * from './session-keeper.js';
