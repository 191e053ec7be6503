import type { Document } from 'bson';
import { notSupported } from '../errors.js';
import type { NumericType } from './bson-type.js';
import { bsonTypeTag, toPlain } from './typed-values.js';
import { numberOfType } from './update-types.js';

/**
 * The BSON types of numbers in documents a projection or aggregation stage computed. mingo computes
 * with plain numbers, so a stage's output says nothing of types by itself. Fields the stage copies
 * unchanged take the types they had in its input document; a number the stage computed keeps the
 * default type bson gives it (as before), except where an input held whole-number doubles or longs:
 * there a whole number's type cannot be known, and the engine refuses rather than guess.
 * Wrappers placed by typed-aware operators ($sum in $group) say their type themselves.
 */
export function typeStageOutput(
  output: Document,
  typedInput: Document | undefined,
  copied: (field: string) => boolean,
  typedContext: boolean,
  stage: string,
  literal: (field: string) => boolean = () => false,
  resultTypes: ReadonlyMap<string, NumericType> = new Map(),
): Document {
  const typed: Document = {};
  for (const [field, value] of Object.entries(output)) {
    const resultType = resultTypes.get(field);
    typed[field] =
      resultType && typeof value === 'number'
        ? numberOfType(resultType, value, field)
        : resultType && Array.isArray(value) && value.every((element) => typeof element === 'number')
          ? value.map((element: number) => numberOfType(resultType, element, field))
          : typedInput && copied(field) && field in typedInput
            ? typeLike(value, typedInput[field], typedContext, stage)
            : typeComputed(value, typedContext && !literal(field), stage);
  }
  return toPlain(typed);
}

/**
 * Operators whose result has one BSON type whatever their (non-decimal) arguments are, as MongoDB
 * documents them: $divide, $avg and the like always give a double, $toLong a long, $toInt an int;
 * $percentile gives an array of doubles.
 */
const RESULT_TYPE_BY_OPERATOR: Record<string, NumericType> = {
  $divide: 'double',
  $avg: 'double',
  $stdDevPop: 'double',
  $stdDevSamp: 'double',
  $sqrt: 'double',
  $exp: 'double',
  $ln: 'double',
  $log: 'double',
  $log10: 'double',
  $toDouble: 'double',
  $toLong: 'long',
  $toInt: 'int',
  // MongoDB's percentiles are doubles (an array of them for $percentile), whatever the input's types.
  $median: 'double',
  $percentile: 'double',
};

/**
 * Output fields a stage computes with one of those operators at the top of their expression
 * (`{$group: {_id: null, mean: {$avg: '$n'}}}`, `{$project: {ratio: {$divide: [...]}}}`): their
 * numbers get that type instead of bson's default.
 */
export function resultTypesOf(stage: string, spec: unknown): Map<string, NumericType> {
  const types = new Map<string, NumericType>();
  if (!isPlainObject(spec) || !['$group', '$project', '$addFields', '$set'].includes(stage)) return types;
  for (const [field, expression] of Object.entries(spec)) {
    if (field.includes('.') || !isPlainObject(expression)) continue;
    const operators = Object.keys(expression);
    const type = operators.length === 1 ? RESULT_TYPE_BY_OPERATOR[operators[0]!] : undefined;
    if (type) types.set(field, type);
  }
  return types;
}

/**
 * Output fields a stage sets to a constant: `$group: {_id: 1}` (as countDocuments sends). A plain
 * number written in the pipeline has its default type (pipelines with typed literals are refused).
 */
export function literalFieldsOf(stage: string, spec: unknown): (field: string) => boolean {
  if (stage !== '$group' || !isPlainObject(spec)) return () => false;
  const id = spec._id;
  const constant = id === null || typeof id === 'number' || typeof id === 'boolean';
  return (field) => field === '_id' && constant;
}

/** A value copied from `typedBefore` (possibly with parts left out, as an exclusion projection does). */
function typeLike(value: unknown, typedBefore: unknown, typedContext: boolean, stage: string): unknown {
  if (typeof value === 'number') {
    const tag = bsonTypeTag(typedBefore);
    if ((tag === 'Double' || tag === 'Long') && toPlain(typedBefore) === value) return typedBefore;
    if (typeof typedBefore === 'number' && Object.is(typedBefore, value)) return value;
    return typeComputed(value, typedContext, stage);
  }
  if (Array.isArray(value)) {
    if (!Array.isArray(typedBefore) || typedBefore.length !== value.length)
      return typeComputed(value, typedContext, stage);
    return value.map((element, i) => typeLike(element, typedBefore[i], typedContext, stage));
  }
  if (isPlainObject(value)) {
    if (!isPlainObject(typedBefore)) return typeComputed(value, typedContext, stage);
    const out: Document = {};
    for (const [key, fieldValue] of Object.entries(value)) {
      out[key] =
        key in typedBefore
          ? typeLike(fieldValue, typedBefore[key], typedContext, stage)
          : typeComputed(fieldValue, typedContext, stage);
    }
    return out;
  }
  return value;
}

/** A computed value: wrappers stand, a whole number is ambiguous when typed inputs were involved. */
export function typeComputed(value: unknown, typedContext: boolean, stage: string): unknown {
  if (typeof value === 'number') {
    if (typedContext && Number.isInteger(value)) {
      throw notSupported(
        `${stage} computing a whole number from documents holding whole-number doubles or 64-bit integers (its BSON type could not be kept)`,
      );
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((element) => typeComputed(element, typedContext, stage));
  if (isPlainObject(value)) {
    const out: Document = {};
    for (const [key, fieldValue] of Object.entries(value))
      out[key] = typeComputed(fieldValue, typedContext, stage);
    return out;
  }
  return value;
}

/** Stages that output one document per input document, and which top-level fields they copy. */
export function copiedFieldsOf(stage: string, spec: unknown): ((field: string) => boolean) | undefined {
  if (stage === '$unset') return () => true;
  if (!isPlainObject(spec)) return undefined;
  if (stage === '$addFields' || stage === '$set') {
    const computed = new Set(Object.keys(spec).map((key) => key.split('.')[0]));
    return (field) => !computed.has(field);
  }
  if (stage === '$project') return copiedByProjection(spec);
  return undefined;
}

/**
 * A projection copies every field it leaves in by exclusion, and each field it includes by name
 * (`field: 1`); a field included through a dotted path or computed by an expression is computed.
 */
export function copiedByProjection(spec: Document): (field: string) => boolean {
  const entries = Object.entries(spec);
  const isFlag = (value: unknown) => value === 0 || value === 1 || value === true || value === false;
  const excludes = (value: unknown) => value === 0 || value === false;
  const exclusion = entries.every(([key, value]) => (key === '_id' ? isFlag(value) : excludes(value)));
  if (exclusion) return () => true;
  return (field) => {
    if (!(field in spec)) return field === '_id';
    const value = spec[field];
    return value === 1 || value === true;
  };
}

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && value.constructor === Object;
}
