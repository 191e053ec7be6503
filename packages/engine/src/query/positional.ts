import type { Document } from 'bson';
import { badValue, CommandError } from '../errors.js';
import { cloneDocument } from '../store/clone.js';
import { isDocument } from '../store/keys.js';
import { filterIdentifierOf, type ArrayFilter } from './array-filters.js';
import { positionalIndex } from './positional-match.js';
import { shownValue } from './shown-values.js';

/** Whether a path component stands for array elements: `$`, `$[]` or `$[identifier]`. */
export function isPositionalComponent(component: string): boolean {
  return component === '$' || component === '$[]' || filterIdentifierOf(component) !== undefined;
}

/**
 * Rewrites every path of an update that holds `$`, `$[]` or `$[identifier]` into the concrete dotted
 * paths it stands for in `doc` (`items.$.name` -> `items.1.name`, `items.$[]` -> `items.0`, `items.1`,
 * ...), each with its own copy of the operator's argument. The operators then only ever see plain
 * paths, which they apply as MongoDB does; mingo's own positional handling gets several cases wrong
 * (two `$` paths on one array, arrayFilters using `$or`, array-valued elements).
 */
export function resolvePositionalPaths(
  doc: Document,
  operators: Document,
  filter: Document,
  arrayFilters: Map<string, ArrayFilter>,
): Document {
  let matchedIndex: string | undefined;
  const positional = () => (matchedIndex ??= positionalIndex(doc, filter));
  const resolved: Document = {};
  for (const [operator, fields] of Object.entries(operators)) {
    const concrete: Document = {};
    for (const [path, argument] of Object.entries(fields as Document)) {
      if (operator === '$rename' && isDynamic(path))
        throw badValue(`The source field for $rename may not be dynamic: ${path}`);
      const targets = isDynamic(path) ? concretePaths(doc, path, positional, arrayFilters) : [path];
      for (const target of targets) {
        // Two paths of one operator naming the same element (`a.$` and `a.0`) would silently merge here.
        if (target in concrete) throw conflictingUpdate(target);
        concrete[target] = targets.length > 1 ? cloneDocument(argument) : argument;
      }
    }
    if (operator === '$rename') {
      for (const target of Object.values(concrete)) {
        if (typeof target === 'string' && isDynamic(target))
          throw badValue(`The destination field for $rename may not be dynamic: ${target}`);
      }
    }
    resolved[operator] = concrete;
  }
  return resolved;
}

function isDynamic(path: string): boolean {
  return path.split('.').some(isPositionalComponent);
}

function concretePaths(
  doc: Document,
  path: string,
  positional: () => string,
  arrayFilters: Map<string, ArrayFilter>,
): string[] {
  const parts = path.split('.');
  if (isPositionalComponent(parts[0]!))
    throw badValue(`Cannot have positional (i.e. '$') element in the first component in path '${path}'`);
  if (parts.filter((part) => part === '$').length > 1)
    throw badValue(`Too many positional (i.e. '$') elements found in path '${path}'`);
  const substituted = parts.map((part) => (part === '$' ? positional() : part));
  const paths: string[] = [];
  expand(doc, substituted, 0, [], arrayFilters, paths);
  return paths;
}

/** Appends to `out` every concrete path `parts` (from `depth` on, below `node`) stands for. */
function expand(
  node: unknown,
  parts: string[],
  depth: number,
  prefix: string[],
  arrayFilters: Map<string, ArrayFilter>,
  out: string[],
): void {
  let current = node;
  for (let i = depth; i < parts.length; i++) {
    const part = parts[i]!;
    if (part !== '$[]' && filterIdentifierOf(part) === undefined) {
      current = childOf(current, part);
      continue;
    }
    const arrayPath = [...prefix, ...parts.slice(depth, i)];
    if (current === undefined)
      throw badValue(
        `The path '${arrayPath.join('.')}' must exist in the document in order to apply array updates.`,
      );
    if (!Array.isArray(current))
      throw badValue(
        `Cannot apply array updates to non-array element ${arrayPath.at(-1)}: ${shownValue(current)}`,
      );
    const identifier = filterIdentifierOf(part);
    const filter = identifier === undefined ? undefined : arrayFilters.get(identifier);
    if (identifier !== undefined && !filter)
      throw badValue(`No array filter found for identifier '${identifier}' in path '${parts.join('.')}'`);
    current.forEach((element: unknown, index) => {
      if (filter && !filter.matches(element)) return;
      expand(element, parts, i + 1, [...arrayPath, String(index)], arrayFilters, out);
    });
    return;
  }
  out.push([...prefix, ...parts.slice(depth)].join('.'));
}

function childOf(node: unknown, part: string): unknown {
  if (Array.isArray(node)) return /^\d+$/.test(part) ? node[Number(part)] : undefined;
  return isDocument(node) ? node[part] : undefined;
}

function conflictingUpdate(path: string): CommandError {
  return new CommandError(40, 'ConflictingUpdateOperators', `Update created a conflict at '${path}'`);
}
