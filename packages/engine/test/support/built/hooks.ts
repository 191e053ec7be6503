/**
 * Module resolution hooks (node:module register) that send every import of a TypeScript source to the
 * file `tsc` emitted for it: with `{ sources: '<root>/src/', built: '<root>/dist/' }`,
 * `src/engine.ts` -> `dist/engine.js`. Tests stay in TypeScript and type-check against the sources, but
 * what runs is the build users run. The service's suite registers this same file with its own pairs
 * (test/support/built-server/register.ts at careloop's root), so there is one copy of the logic.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A folder of sources and the folder tsc builds it into, both as file: URLs ending in '/'. */
export interface BuiltFolder {
  sources: string;
  built: string;
  /** What to run when the build is missing, for the error message. */
  buildCommand: string;
}

let folders: readonly BuiltFolder[] = [];

export function initialize(data: { folders: readonly BuiltFolder[] }): void {
  folders = data.folders;
}

interface ResolveContext {
  parentURL?: string;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  const resolved = await nextResolve(specifier, context);
  const folder = folders.find(({ sources }) => resolved.url.startsWith(sources));
  if (!folder) return resolved;
  const relative = resolved.url.slice(folder.sources.length).replace(/\.ts$/, '.js');
  const url = folder.built + relative;
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(
      `${fileURLToPath(url)} is missing: the tests run the build, so build it first (${folder.buildCommand})`,
    );
  }
  return {
    ...resolved,
    url: pathToFileURL(fileURLToPath(url)).href,
    format: relative.endsWith('.json') ? 'json' : 'module',
  };
}
