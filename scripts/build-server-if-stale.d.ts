/** The service's build, for `isStale`: its record and sources. */
export const serverBuild: { root: string; record: string; sources: string[] };
/** Builds the engine, then the service, each only when its build is older than its sources; answers whether it built the service. */
export function buildServerIfStale(options?: { log?: (line: string) => void }): boolean;
