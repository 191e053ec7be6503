// The widget's size budget, reported on every build and enforced by the build and by test/widget/size.test.ts.
// Run on its own (`node scripts/size-report.js`) it measures what is already in dist/widget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The public bundle (the entry and every chunk it loads up front, Lit included), minified and gzipped.
 * 20 KB: the story cards' visual design, counted phrases in every language and the filter disclosure
 * (issue 12) fit because the story form became a chunk of its own, loaded where a page has one. Still a
 * fraction of Disqus's or Trustpilot's embeds.
 */
export const PUBLIC_BUNDLE_BUDGET_BYTES = 20 * 1024;
/** The admin chunk (`<careloop-admin>`, loaded on sign-in; its en strings included, Lit not), minified and gzipped. */
export const ADMIN_CHUNK_BUDGET_BYTES = 25 * 1024;
/** `admin-<hash>.js`; its catalogues are `admin-cy-<hash>.js` and so on (see rollup.config.js). */
export const ADMIN_CHUNK_PATTERN = /^admin-[\w-]{8}\.js$/;
/**
 * Each admin tab loaded when first opened (Reports, Webhooks, Erasure, two-step sign-in, API keys), on
 * its own, minified and gzipped: what a staff member waits for on opening it. Reports, the largest, is
 * about 6.4 KB; 10 KB leaves room for a tab to grow without one becoming a second admin chunk
 * (docs/decisions/2026-12-07-admin-chunks.md).
 */
export const ADMIN_TAB_BUDGET_BYTES = 10 * 1024;
/** `admin-tab-<tab>-<hash>.js` (see rollup.config.js). */
export const ADMIN_TAB_PATTERN = /^admin-tab-[a-z-]+-[\w-]{8}\.js$/;
export const ADMIN_ENTRY_MODULE = '/widget/admin/index.ts';
export const WIDGET_DIST = fileURLToPath(new URL('../dist/widget/', import.meta.url));
export const ENTRY_FILE = 'careloop.js';

/** True for the admin chunk's entry module's id (rollup gives that chunk no facade module to go by). */
export function isAdminEntry(/** @type {string} */ id) {
  return id.replace(/\\/g, '/').endsWith(ADMIN_ENTRY_MODULE);
}

/** @param {string | Uint8Array} code */
export function gzipBytes(code) {
  return gzipSync(code, { level: 9 }).length;
}

/**
 * @param {Array<{ file: string, raw?: number, min: number, gzip: number, publicBundle: boolean, admin?: boolean, adminTab?: boolean }>} rows
 */
export function formatReport(
  rows,
  budget = PUBLIC_BUNDLE_BUDGET_BYTES,
  adminBudget = ADMIN_CHUNK_BUDGET_BYTES,
  adminTabBudget = ADMIN_TAB_BUDGET_BYTES,
) {
  const kb = (/** @type {number | undefined} */ n) => (n === undefined ? '-' : `${(n / 1024).toFixed(2)} KB`);
  const width = Math.max(...rows.map((row) => row.file.length), 4);
  const lines = [
    `${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'min'.padStart(10)}  ${'min+gzip'.padStart(10)}`,
    ...rows.map(
      (row) =>
        `${row.file.padEnd(width)}  ${kb(row.raw).padStart(10)}  ${kb(row.min).padStart(10)}  ${kb(row.gzip).padStart(10)}` +
        (row.admin
          ? '  (admin chunk, loaded on sign-in)'
          : row.adminTab
            ? '  (admin tab, loaded when first opened)'
            : row.publicBundle
              ? ''
              : '  (loaded on demand)'),
    ),
  ];
  const publicGzip = rows.filter((row) => row.publicBundle).reduce((sum, row) => sum + row.gzip, 0);
  const adminGzip = rows.filter((row) => row.admin).reduce((sum, row) => sum + row.gzip, 0);
  const tabs = rows.filter((row) => row.adminTab);
  const largestTab = tabs.reduce((largest, row) => (row.gzip > largest.gzip ? row : largest), {
    file: '-',
    gzip: 0,
  });
  const publicOver = publicGzip > budget;
  const adminOver = adminGzip > adminBudget;
  const tabOver = largestTab.gzip > adminTabBudget;
  lines.push(
    `public bundle: ${kb(publicGzip)} min+gzip of ${kb(budget)} budget (${((publicGzip / budget) * 100).toFixed(0)}%)` +
      (publicOver ? ' — OVER BUDGET' : ''),
    `admin chunk: ${kb(adminGzip)} min+gzip of ${kb(adminBudget)} budget (${((adminGzip / adminBudget) * 100).toFixed(0)}%)` +
      (adminOver ? ' — OVER BUDGET' : ''),
    `admin tabs: ${tabs.length}, the largest ${largestTab.file} ${kb(largestTab.gzip)} min+gzip of ${kb(adminTabBudget)} budget each (${((largestTab.gzip / adminTabBudget) * 100).toFixed(0)}%)` +
      (tabOver ? ' — OVER BUDGET' : ''),
  );
  return { text: lines.join('\n'), publicGzip, adminGzip, over: publicOver || adminOver || tabOver };
}

/**
 * Rollup plugin: records each chunk's size before minification (put it before terser in output.plugins),
 * then prints the report after writing and fails the build when the public bundle is over budget.
 * @returns {import('rollup').Plugin}
 */
export function sizeReport(
  budget = PUBLIC_BUNDLE_BUDGET_BYTES,
  adminBudget = ADMIN_CHUNK_BUDGET_BYTES,
  adminTabBudget = ADMIN_TAB_BUDGET_BYTES,
) {
  /** @type {Map<string, number>} */
  const rawSizes = new Map();
  return {
    name: 'careloop-size-report',
    renderChunk(code, chunk) {
      // fileName still holds hash placeholders here; writeBundle knows it as preliminaryFileName.
      rawSizes.set(chunk.fileName, Buffer.byteLength(code));
      return null;
    },
    writeBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      const entry = chunks.find((chunk) => chunk.isEntry);
      // Chunks the entry imports statically load with it, so they count against the budget.
      const upFront = new Set(entry ? [entry.fileName, ...entry.imports] : []);
      // The admin chunk, and anything it alone imports up front, count against the admin budget.
      const adminChunk = chunks.find((chunk) => chunk.moduleIds.some(isAdminEntry));
      const admin = new Set(adminChunk ? [adminChunk.fileName, ...adminChunk.imports] : []);
      const rows = chunks
        .sort((a, b) => Number(b.isEntry) - Number(a.isEntry) || a.fileName.localeCompare(b.fileName))
        .map((chunk) => ({
          file: chunk.fileName,
          raw: rawSizes.get(chunk.preliminaryFileName),
          min: Buffer.byteLength(chunk.code),
          gzip: gzipBytes(chunk.code),
          publicBundle: upFront.has(chunk.fileName),
          admin: admin.has(chunk.fileName) && !upFront.has(chunk.fileName),
          adminTab: ADMIN_TAB_PATTERN.test(chunk.fileName),
        }));
      const { text, over } = formatReport(rows, budget, adminBudget, adminTabBudget);
      console.log(`\nwidget size\n${text}\n`);
      if (over) this.error('the widget public bundle, admin chunk or an admin tab is over its size budget');
    },
  };
}

/** Measures dist/widget as built. Without the build's notes, every chunk but the entry counts as on demand. */
export function measureDist(dir = WIDGET_DIST) {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort((a, b) => Number(b === ENTRY_FILE) - Number(a === ENTRY_FILE) || a.localeCompare(b))
    .map((file) => {
      const code = readFileSync(join(dir, file));
      return {
        file,
        min: code.length,
        gzip: gzipBytes(code),
        publicBundle: file === ENTRY_FILE,
        admin: ADMIN_CHUNK_PATTERN.test(file),
        adminTab: ADMIN_TAB_PATTERN.test(file),
      };
    });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { text, over } = formatReport(measureDist());
  console.log(text);
  process.exitCode = over ? 1 : 0;
}
