// The signaling wire protocol: the one module both the app and the server import.
export * from './codes.js';
export * from './limits.js';
export * from './messages.js';
export * from './parse.js';
