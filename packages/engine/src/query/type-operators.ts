import { Double, Int32, Long, type Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { $push } from 'mingo/operators/accumulator';
import { badValue, notSupported } from '../errors.js';
import {
  aliasMatches,
  bsonTypeAlias,
  numericTypeOf,
  typeArgumentAlias,
  type NumericType,
} from '../numbers/bson-type.js';
import { hasTypedLeaves, isWholeInt32, toPlain, typedOf } from '../numbers/typed-values.js';
import { MISSING, valuesAtPath } from '../store/keys.js';

/**
 * Operators that depend on a number's BSON type, which mingo (computing with plain numbers) cannot
 * see: they read the typed twin of the document (numbers/typed-values.ts).
 */
type QueryOperator = (selector: string, value: unknown, options: unknown) => (doc: Document) => boolean;
type ExpressionOperator = (doc: Document, expression: unknown, options: unknown) => unknown;
type AccumulatorOperator = (documents: Document[], expression: unknown, options: unknown) => unknown;

/** The $type query operator: any value at the path (or element of an array there) of a listed type. */
export const $type: QueryOperator = (selector, value) => {
  const wanted = [value].flat().map((argument) => {
    const parsed = typeArgumentAlias(argument);
    if ('error' in parsed) throw badValue(parsed.error);
    return parsed.alias;
  });
  return (doc) =>
    valuesAtPath(typedOf(doc), selector).some(
      (found) => found !== MISSING && wanted.some((alias) => aliasMatches(bsonTypeAlias(found), alias)),
    );
};

/** The $type expression: the BSON type name of a value ("double", "int", "long", "missing"...). */
export const $typeExpression: ExpressionOperator = (doc, expression, options) => {
  const argument = Array.isArray(expression) && expression.length === 1 ? expression[0] : expression;
  return bsonTypeAlias(typedValueOf(doc, argument, evalExpr(doc, argument, options as never), '$type'));
};

/**
 * The typed value of an expression: a plain field path is read from the document's typed twin;
 * any other expression is evaluated by mingo, and a whole number it gives has no known type if the
 * document holds typed numbers.
 */
function typedValueOf(doc: Document, expression: unknown, value: unknown, operator: string): unknown {
  // A literal number in the pipeline is plain: pipelines holding typed literals are refused up front.
  if (typeof value !== 'number' || typeof expression === 'number') return value;
  if (typeof expression === 'string' && /^\$[^$]/.test(expression)) {
    const typed = typedAt(typedOf(doc), expression.slice(1));
    if (typed !== undefined && toPlain(typed) === value) return typed;
  }
  if (Number.isInteger(value) && hasTypedLeaves(doc)) {
    throw notSupported(
      `${operator} of a computed whole number in a document holding whole-number doubles or longs`,
    );
  }
  return value;
}

function typedAt(typed: unknown, path: string): unknown {
  let node = typed;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || node.constructor !== Object) return undefined;
    node = (node as Document)[part];
  }
  return node;
}

/**
 * While true, $sum as an accumulator returns its result as a typed wrapper (Int32, Long, Double) for
 * the stage's output to carry; only set around a top-level $group or $bucket, whose accumulator
 * results go straight into output fields and are never computed with inside the stage.
 */
let typedSums = false;

export function withTypedSums<T>(run: () => T): T {
  typedSums = true;
  try {
    return run();
  } finally {
    typedSums = false;
  }
}

/**
 * MongoDB's $sum accumulator: non-numbers are ignored; the result has the widest type summed
 * (int < long < double), and ints whose sum overflows int32 give a long.
 */
export const $sum: AccumulatorOperator = (documents, expression, options) => {
  let total = 0;
  let type: NumericType = 'int';
  const values = ($push as AccumulatorOperator)(documents, expression, options) as unknown[];
  for (let i = 0; i < documents.length; i++) {
    const typed = typedValueOf(documents[i]!, expression, values[i], '$sum');
    const valueType = numericTypeOf(typed);
    if (!valueType) continue;
    total += toPlain(typed) as number;
    if (valueType === 'double' || type === 'double') type = 'double';
    else if (valueType === 'long') type = 'long';
  }
  if (type === 'int' && !isWholeInt32(total)) type = 'long';
  if (type === 'long' && !Number.isSafeInteger(total))
    throw notSupported('$sum of 64-bit integers beyond ±2^53');
  if (!Number.isInteger(total)) return total;
  if (!typedSums) {
    // The plain number will be written with its default type; refuse where that is not MongoDB's.
    if (type === 'int') return total;
    throw notSupported(`$sum giving a ${type} here (inside $facet or a window its type could not be kept)`);
  }
  if (type === 'long') return Long.fromNumber(total);
  return type === 'double' ? new Double(total) : new Int32(total);
};
