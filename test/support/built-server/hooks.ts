/**
 * Module resolution hooks (node:module register) that send every import of the service's sources to
 * the compiled file `tsc` emitted for it: `server/app.ts` -> `dist/server/app.js`. Tests stay in
 * TypeScript and type-check against the sources, but what runs is the build `npm start` runs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('../../../', import.meta.url);
const sources = new URL('server/', root).href;
const built = new URL('dist/server/', root).href;

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
  if (!resolved.url.startsWith(sources)) return resolved;
  const relative = resolved.url.slice(sources.length).replace(/\.ts$/, '.js');
  const url = built + relative;
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(
      `${fileURLToPath(url)} is missing: the tests run the built service, so build it first (npm run build:server)`,
    );
  }
  return {
    ...resolved,
    url: pathToFileURL(fileURLToPath(url)).href,
    format: relative.endsWith('.json') ? 'json' : 'module',
  };
}
