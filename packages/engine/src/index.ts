/**
 * The embedded MongoDB-compatible engine: a wire-protocol server on loopback that the service (and
 * MongoDB's own tools) connect to with an ordinary mongodb:// URI. See README.md, and careloop's
 * docs/decisions/2026-11-21-embedded-mongodb-compatible-engine.md for why it exists.
 */
export type { EngineOptions, RunningEngine } from './options.js';
export { startEngine } from './engine.js';
export { startEngineThread } from './thread.js';
export { runningEngineUri } from './storage/address-file.js';
