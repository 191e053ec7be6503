// The widget build: one small ES module the service serves at /widget/careloop.js, Lit included; locale
// catalogues other than English become hashed chunks beside it, fetched only when a page asks for them.
import { rmSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { isAdminEntry, sizeReport } from './scripts/size-report.js';

const outDir = 'dist/widget';

/** Old hashed chunks would otherwise pile up in dist/widget and be served forever. */
function cleanOutDir() {
  return {
    name: 'careloop-clean-out-dir',
    buildStart() {
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export default {
  input: 'widget/index.ts',
  // Chunks loaded on demand (the admin chunk) import Lit and helpers from careloop.js itself, rather than
  // rollup moving them into a second up-front chunk behind a careloop.js facade.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: outDir,
    format: 'es',
    entryFileNames: 'careloop.js',
    // The admin chunk and its catalogues are admin-*.js: told apart from the public catalogues (cy-*.js)
    // and measured against their own budget. The admin tabs loaded when first opened are
    // admin-tab-<tab>-*.js, each under the admin tab budget (docs/decisions/2026-12-07-admin-chunks.md).
    chunkFileNames: (chunk) => {
      // Named by its entry module: with tabs importing from it, rollup names it after that file (index)
      // and gives it no facade module.
      if (chunk.moduleIds.some(isAdminEntry)) return 'admin-[hash].js';
      if (!chunk.moduleIds.some((id) => id.includes('/widget/admin/'))) {
        return '[name]-[hash].js';
      }
      return chunk.isDynamicEntry && chunk.name.startsWith('careloop-admin-')
        ? `admin-tab-${chunk.name.slice('careloop-admin-'.length)}-[hash].js`
        : 'admin-[name]-[hash].js';
    },
    plugins: [
      sizeReport(),
      terser({
        ecma: 2020,
        module: true,
        compress: { passes: 2 },
        // Keeps Lit's licence notice, as its BSD-3-Clause licence asks.
        format: { comments: /@license/ },
      }),
    ],
  },
  plugins: [
    cleanOutDir(),
    nodeResolve({ browser: true }),
    // Lit's html`` and css`` templates are strings terser cannot see into: collapse their whitespace.
    minifyHTML(),
    typescript({ tsconfig: './tsconfig.widget.json', outDir, sourceMap: false, inlineSources: false }),
  ],
};
