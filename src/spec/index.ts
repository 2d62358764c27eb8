// The spec engine: one module per Gateway API rule, each pure over plain data.
export * from './allowed-routes.js';
export * from './backend-refs.js';
export * from './conditions.js';
export * from './defaults.js';
export * from './gateway-class.js';
export * from './hostnames.js';
export * from './label-selectors.js';
export * from './listener-sets.js';
export * from './listeners.js';
export * from './lookups.js';
export * from './parent-refs.js';
export * from './reference-grants.js';
export * from './status-comparison.js';
