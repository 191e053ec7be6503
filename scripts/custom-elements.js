// Generates dist/widget/custom-elements.json (served at /widget/custom-elements.json) from the widget's
// JSDoc with @custom-elements-manifest/analyzer, run after rollup in `npm run build:widget`:
//   "build:widget": "rollup -c rollup.config.js && node scripts/custom-elements.js"
// Each component registers its tag as `const tag = 'careloop-x'; customElements.define(tag, X)`, so a small
// plugin here resolves such constants to the tag names the manifest must carry. The build fails when a
// registered element ends up without a tag name, or with no description.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_FILE = join(root, 'dist/widget/custom-elements.json');

/**
 * Analyzer plugin: string constants per module (`const tag = 'careloop-stories'`), then, once every module
 * is read, definitions named by such a constant get the literal, and their classes get `tagName`.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function resolveTagConstants() {
  /** @type {Map<string, Map<string, string>>} module path → constant name → value */
  const constants = new Map();
  /** @type {Map<string, Set<string>>} module path → variables used as event names (`new CustomEvent(type)`) */
  const eventVariables = new Map();
  return {
    name: 'careloop-resolve-tag-constants',
    collectPhase({ ts, node }) {
      if (
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'CustomEvent'
      ) {
        const [name] = node.arguments ?? [];
        if (name && ts.isIdentifier(name)) {
          const file = node.getSourceFile().fileName;
          if (!eventVariables.has(file)) eventVariables.set(file, new Set());
          eventVariables.get(file)?.add(name.text);
        }
        return;
      }
      if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name)) return;
      if (!node.initializer || !ts.isStringLiteral(node.initializer)) return;
      const file = node.getSourceFile().fileName;
      if (!constants.has(file)) constants.set(file, new Map());
      constants.get(file)?.set(node.name.text, node.initializer.text);
    },
    packageLinkPhase({ customElementsManifest }) {
      const modules = customElementsManifest.modules;
      // A helper's `new CustomEvent(type, …)` is read as an event named "type": the real names are
      // in its callers and the @fires JSDoc, so such entries are dropped.
      for (const module of modules) {
        const variables = eventVariables.get(module.path);
        if (!variables) continue;
        for (const declaration of module.declarations ?? []) {
          if ('events' in declaration && declaration.events) {
            declaration.events = declaration.events.filter((event) => !variables.has(event.name ?? ''));
          }
        }
      }
      for (const module of modules) {
        for (const definition of module.exports ?? []) {
          if (definition.kind !== 'custom-element-definition') continue;
          const tagName = constants.get(module.path)?.get(definition.name) ?? definition.name;
          definition.name = tagName;
          const declaringPath = (definition.declaration.module ?? module.path)
            .replace(/^\//, '')
            .replace(/\.js$/, '.ts');
          const declaring = modules.find((candidate) => candidate.path === declaringPath);
          const declaration = declaring?.declarations?.find(
            (item) => item.name === definition.declaration.name,
          );
          if (declaration && 'customElement' in declaration) declaration.tagName = tagName;
        }
      }
    },
  };
}

/** The widget's sources, as the analyzer reads them (catalogues and styles hold no elements). */
function widgetModules(ts) {
  const files = readdirSync(join(root, 'widget'), { recursive: true, encoding: 'utf8' })
    .map((file) => `widget/${file.split(sep).join('/')}`)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.styles.ts') && !file.includes('/l10n/'))
    .filter((file) => !file.split('/').some((part) => part.startsWith('.')))
    .sort();
  return files.map((file) =>
    ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2015, true),
  );
}

/** Builds the manifest, writes it, and answers it; throws when an element is undocumented. */
export async function buildManifest({ write = true } = {}) {
  const plugins = [...litPlugin(), resolveTagConstants()];
  const manifest = create({ modules: widgetModules(ts), plugins, context: { dev: false } });

  const problems = [];
  const elements = [];
  for (const module of manifest.modules) {
    for (const definition of module.exports ?? []) {
      if (definition.kind !== 'custom-element-definition') continue;
      elements.push(definition.name);
      if (!/^careloop-[a-z-]+$/.test(definition.name)) {
        problems.push(`${module.path}: registers "${definition.name}", not a careloop-* tag name`);
      }
    }
    for (const declaration of module.declarations ?? []) {
      if (!('tagName' in declaration) || !declaration.tagName) continue;
      if (!declaration.description && !declaration.summary) {
        problems.push(`${module.path}: <${declaration.tagName}> has no JSDoc description or @summary`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`custom-elements.json:\n${problems.join('\n')}`);
  if (write) {
    mkdirSync(join(root, 'dist/widget'), { recursive: true });
    writeFileSync(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return { manifest, elements };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { elements } = await buildManifest();
    console.log(`custom-elements.json: ${elements.sort().join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
