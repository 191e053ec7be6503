/**
 * How tests start the service's programs: from the build, as `npm start`, `npm run careloop` and
 * `npm run engine` do, never from the TypeScript sources.
 */
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);

/** The compiled file `npm start` and friends run for a source file: 'server/main.ts' → '<root>/dist/server/main.js'. */
export function builtEntry(source: string): string {
  if (!/^server\/.+\.ts$/.test(source)) throw new Error(`not a service source file: ${source}`);
  return fileURLToPath(new URL(`dist/${source.replace(/\.ts$/, '.js')}`, root));
}

/**
 * Node options that run a TypeScript test fixture the way mocha runs the tests: tsx for the fixture
 * itself, and every import of `server/**` sent to the build (see register.ts).
 */
export const fixtureNodeOptions = [
  '--no-experimental-require-module',
  '--import',
  'tsx',
  '--import',
  fileURLToPath(new URL('register.ts', import.meta.url)),
];
