/**
 * How tests start the service's programs: from the build, as `npm start` and `npm run careloop` do,
 * never from the TypeScript sources. (The engine's CLI: packages/engine/test/support/built.)
 */
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);

/** The compiled file `npm start` and friends run for a source file: 'server/main.ts' → '<root>/dist/server/main.js'. */
export function builtEntry(source: string): string {
  if (!/^server\/.+\.ts$/.test(source)) throw new Error(`not a service source file: ${source}`);
  return fileURLToPath(new URL(`dist/${source.replace(/\.ts$/, '.js')}`, root));
}
