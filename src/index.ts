// The `tickscope` package: the statistics library and the domain types, without the server.
export * from './stats/index.js';
export * from './domain/index.js';
