import { cloneDocument } from '../store/clone.js';
import type { ComputedOperator } from './computed-operator.js';
import { compareBson } from './sort.js';

/**
 * $min and $max compare in MongoDB's order over all BSON types (null < numbers < strings < documents <
 * arrays < ... < dates), arrays and documents element by element; mingo's comparison leaves a number in
 * place against an array, or an array against a document. A missing field takes the value.
 */
export const MIN_MAX: Record<string, ComputedOperator> = {
  $min: (current, value) =>
    current === undefined || compareBson(value, current) < 0 ? cloneDocument(value) : undefined,
  $max: (current, value) =>
    current === undefined || compareBson(value, current) > 0 ? cloneDocument(value) : undefined,
};
