/** Builds the service only when `dist/server` is older than `server/`; answers whether it built. */
export function buildServerIfStale(options?: { root?: string; log?: (line: string) => void }): boolean;
