/** Runs `tsc -p tsconfig` in `root` when any of `sources` changed after `buildInfo`; answers whether it built. */
export function buildIfStale(options: {
  root: string;
  tsconfig: string;
  buildInfo: string;
  sources: string[];
  what: string;
  log?: (line: string) => void;
}): boolean;
/** Builds the engine only when `packages/engine/dist` is older than its sources; answers whether it built. */
export function buildEngineIfStale(options?: { log?: (line: string) => void }): boolean;
/** Whether any of `sources` (relative to `root`) changed after `record` was written; true without a record. */
export function isStale(build: { root: string; record: string; sources: string[] }): boolean;
/** Marks a build as checked now (touches its record). */
export function markBuilt(build: { root: string; record: string }): void;
