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
