import type { Document } from 'bson';
import { badValue, notSupported } from '../errors.js';
import { isDocument } from '../store/keys.js';
import { compileFilter } from './filter.js';

/** Operators whose match on an array element records that element's index, as MongoDB's matcher does. */
const INDEX_RECORDING = new Set(['$eq', '$gt', '$gte', '$lt', '$lte', '$in', '$regex', '$mod', '$elemMatch']);
/** Operators that match by the absence of something: MongoDB records no index for them. */
const NEGATIONS = new Set(['$ne', '$nin', '$not']);
/** Whether the condition matches null, which MongoDB also lets missing fields and arrays satisfy. */
const matchesNull = (condition: unknown): boolean =>
  condition === null ||
  (isOperatorObject(condition) &&
    (condition.$eq === null || (Array.isArray(condition.$in) && condition.$in.includes(null))));

/** One condition that may pin the positional `$`: a path into the document and what it must match. */
interface Leaf {
  path: string;
  condition: unknown;
  /**
   * `element`: records the first matching element's index; `array`: tests the array as a whole and
   * records nothing; `unknown`: an operator whose effect on the recorded index is not modelled.
   */
  kind: 'element' | 'array' | 'unknown';
}

/**
 * The array index the positional `$` stands for: the element of the array the filter matched, as
 * MongoDB's query matcher records it while matching `doc`. Throws MongoDB's BadValue when the filter
 * matched no array element, and refuses (NotImplemented) the cases where MongoDB's answer depends on
 * which of several conditions its planner happens to evaluate last, or traverses nested arrays.
 */
export function positionalIndex(doc: Document, filter: Document): string {
  const indexes = new Set<number>();
  for (const leaf of leavesOf(filter, doc)) {
    const index = firstMatchingIndex(doc, leaf);
    if (index !== undefined) indexes.add(index);
  }
  if (indexes.size === 0)
    throw badValue('The positional operator did not find the match needed from the query.');
  if (indexes.size > 1)
    throw notSupported(
      'the positional $ operator when conditions of the filter match different array elements (MongoDB then picks one by its query plan)',
    );
  return String([...indexes][0]);
}

function leavesOf(filter: Document, doc: Document): Leaf[] {
  const leaves: Leaf[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) leaves.push(...leavesOf(clause as Document, doc));
    } else if (key === '$or' || key === '$nor') {
      // Which branch of an $or pinned the element is a detail of MongoDB's evaluation order.
      if (mentionsArrayPath(condition, doc))
        throw notSupported(`the positional $ operator with a ${key} over array fields`);
    } else if (!key.startsWith('$')) {
      leaves.push(...leavesOfField(key, condition));
    }
  }
  return leaves;
}

function leavesOfField(path: string, condition: unknown): Leaf[] {
  if (!isOperatorObject(condition)) return [{ path, condition, kind: 'element' }];
  const leaves: Leaf[] = [];
  for (const [operator, argument] of Object.entries(condition)) {
    if (operator === '$options') continue;
    if (operator === '$regex') {
      const options = condition.$options;
      const regex = options === undefined ? { $regex: argument } : { $regex: argument, $options: options };
      leaves.push({ path, condition: regex, kind: 'element' });
    } else if (operator === '$all' && Array.isArray(argument)) {
      // $all is an $and of one condition per value, each recording its own element.
      for (const value of argument)
        leaves.push({ path, condition: isOperatorObject(value) ? value : { $eq: value }, kind: 'element' });
    } else if (operator === '$size') {
      leaves.push({ path, condition: { $size: argument }, kind: 'array' });
    } else if (!NEGATIONS.has(operator) && !(operator === '$exists' && argument === false)) {
      const kind = INDEX_RECORDING.has(operator) ? 'element' : 'unknown';
      leaves.push({ path, condition: { [operator]: argument }, kind });
    }
  }
  return leaves;
}

/**
 * The index of the first element of the first array on the leaf's path that satisfies the leaf, or
 * undefined when the path crosses no array (or no element matches on its own).
 */
function firstMatchingIndex(doc: Document, leaf: Leaf): number | undefined {
  const parts = leaf.path.split('.');
  let node: unknown = doc;
  let depth = 0;
  while (depth < parts.length && !Array.isArray(node)) {
    if (!isDocument(node)) return undefined;
    node = node[parts[depth]!];
    depth++;
  }
  if (!Array.isArray(node)) return undefined;
  const rest = parts.slice(depth);
  if (leaf.kind === 'array' && rest.length === 0) return undefined;
  if (leaf.kind !== 'element')
    throw notSupported(
      `the positional $ operator with ${Object.keys(leaf.condition as Document)[0]} on an array field`,
    );
  if (rest.length > 0 && /^\d+$/.test(rest[0]!))
    throw notSupported('the positional $ operator with a filter naming an array index');
  if (matchesNull(leaf.condition))
    throw notSupported('the positional $ operator with a null condition on an array field');
  const elementOnly = rest.length === 0;
  const query = compileFilter({ [['element', ...rest].join('.')]: leaf.condition });
  for (let index = 0; index < node.length; index++) {
    const element = node[index];
    if (crossesArray(element, rest))
      throw notSupported('the positional $ operator with a filter that traverses nested arrays');
    const candidate = elementOnly && isElemMatch(leaf.condition) ? [element] : element;
    if (query.test({ element: candidate })) return index;
  }
  return undefined;
}

/** Whether the value is an array, or holds one on the way down `path`. */
function crossesArray(value: unknown, path: string[]): boolean {
  let node = value;
  for (const part of path) {
    if (Array.isArray(node)) return true;
    if (!isDocument(node)) return false;
    node = node[part];
  }
  return Array.isArray(node);
}

function mentionsArrayPath(clauses: unknown, doc: Document): boolean {
  if (!Array.isArray(clauses)) return false;
  return clauses.some((clause) =>
    Object.entries(clause as Document).some(([key, condition]) =>
      key.startsWith('$') ? mentionsArrayPath(condition, doc) : crossesArray(doc, key.split('.')),
    ),
  );
}

function isElemMatch(condition: unknown): boolean {
  return isOperatorObject(condition) && '$elemMatch' in condition;
}

function isOperatorObject(value: unknown): value is Document {
  return (
    isDocument(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => key.startsWith('$'))
  );
}
