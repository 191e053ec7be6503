import type { Document } from 'bson';
import { isDocument } from '../store/keys.js';
import { ARRAY_MODIFIERS } from './array-modifiers.js';
import { MIN_MAX } from './min-max.js';
import type { ComputedOperator } from './computed-operator.js';

/** Operators whose result the engine computes itself, because mingo's differs from MongoDB's. */
const COMPUTED_OPERATORS: Record<string, ComputedOperator> = { ...ARRAY_MODIFIERS, ...MIN_MAX };

/**
 * Replaces the operators the engine computes (on concrete paths, already checked to be applicable) with
 * the $set of the value each produces. Paths of one update never overlap, so reading each field from the
 * document before the update gives what MongoDB computes.
 */
export function applyComputedOperators(doc: Document, operators: Document): Document {
  const rewritten: Document = { ...operators };
  const set: Document = { ...(operators.$set as Document | undefined) };
  for (const [operator, compute] of Object.entries(COMPUTED_OPERATORS)) {
    const fields = operators[operator] as Document | undefined;
    if (!fields) continue;
    delete rewritten[operator];
    for (const [path, argument] of Object.entries(fields)) {
      const value = compute(valueAt(doc, path), argument);
      if (value !== undefined) set[path] = value;
    }
  }
  if (Object.keys(set).length > 0) rewritten.$set = set;
  return rewritten;
}

function valueAt(doc: Document, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) node = /^\d+$/.test(part) ? node[Number(part)] : undefined;
    else if (isDocument(node)) node = node[part];
    else return undefined;
  }
  return node;
}
