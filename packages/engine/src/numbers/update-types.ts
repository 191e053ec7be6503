import { Double, Long, serialize, type Document } from 'bson';
import { notSupported } from '../errors.js';
import { valueKey } from '../store/keys.js';
import { numericTypeOf, type NumericType } from './bson-type.js';
import { bsonTypeTag, hasTypedLeaves, isTypedLeaf, isWholeInt32, toPlain, typedOf } from './typed-values.js';

/**
 * What an update operator did to one path, for deciding the BSON types of the numbers there afterwards.
 * Paths the update does not name keep the types they had.
 */
type Target =
  | { kind: 'value'; typed: unknown } // $set, $setOnInsert: the operand's types
  | { kind: 'arithmetic'; operator: '$inc' | '$mul'; typed: unknown }
  | { kind: 'minMax'; typed: unknown } // $min/$max: the operand's types if it replaced the value
  | { kind: 'moved'; from: string } // $rename: the types the value had at its old path
  | { kind: 'asIs' } // $currentDate: no numbers
  | { kind: 'array'; operator: string; typed: unknown }; // array operators and positional paths

const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

/**
 * The stored form of a document after an operator update: `updated` is what mingo computed with plain
 * numbers; the result keeps each number's BSON type by MongoDB's rules. Unchanged fields keep theirs,
 * $set values bring theirs, $inc and $mul widen (int + int overflowing int32 gives a long, anything with
 * a long gives a long, anything with a double gives a double). Where the engine cannot tell the types
 * (array operators or positional paths over whole-number doubles or longs) it refuses.
 */
export function typeOperatorUpdate(
  original: Document,
  updated: Document,
  update: Document,
  inserting: boolean,
): Document {
  const arithmetic = '$inc' in update || '$mul' in update;
  if (!arithmetic && !hasTypedLeaves(original) && !hasTypedLeaves(update)) return updated;
  const targets = new Map<string, Target>();
  for (const [operator, fields] of Object.entries(typedOf(update))) {
    if (operator === '$setOnInsert' && !inserting) continue;
    for (const [path, typed] of Object.entries(fields as Document)) {
      const positional = path.split('.').findIndex((part) => part.startsWith('$'));
      if (positional >= 0 || ARRAY_OPERATORS.has(operator)) {
        const base = positional >= 0 ? path.split('.').slice(0, positional).join('.') : path;
        targets.set(base, { kind: 'array', operator, typed });
      } else if (operator === '$set' || operator === '$setOnInsert') {
        targets.set(path, { kind: 'value', typed });
      } else if (operator === '$inc' || operator === '$mul') {
        targets.set(path, { kind: 'arithmetic', operator, typed });
      } else if (operator === '$min' || operator === '$max') {
        targets.set(path, { kind: 'minMax', typed });
      } else if (operator === '$rename' && typeof typed === 'string') {
        targets.set(typed, { kind: 'moved', from: path });
      } else {
        targets.set(path, { kind: 'asIs' });
      }
    }
  }
  const typedOriginal = typedOf(original);
  const typed = typeNode(updated, '', typedOriginal, { targets, typedOriginal }) as Document;
  return toPlain(typed);
}

interface Walk {
  targets: Map<string, Target>;
  typedOriginal: Document;
}

function typeNode(value: unknown, path: string, typedBefore: unknown, walk: Walk): unknown {
  const target = path ? walk.targets.get(path) : undefined;
  if (target) return typeTarget(target, value, typedBefore, path, walk);
  if (Array.isArray(value)) {
    const before = Array.isArray(typedBefore) ? typedBefore : [];
    return value.map((element, i) => typeNode(element, join(path, String(i)), before[i], walk));
  }
  if (isPlainObject(value)) {
    const before = isPlainObject(typedBefore) ? typedBefore : {};
    const out: Document = {};
    for (const [key, fieldValue] of Object.entries(value)) {
      out[key] = typeNode(fieldValue, join(path, key), before[key], walk);
    }
    return out;
  }
  if (typeof value !== 'number') return value;
  // A number the update did not name is the one that was there, with its type.
  if (typedBefore !== undefined && samePlainValue(typedBefore, value)) return typedBefore;
  throw cannotKeepType(path);
}

function typeTarget(target: Target, value: unknown, typedBefore: unknown, path: string, walk: Walk): unknown {
  switch (target.kind) {
    case 'value':
      return target.typed;
    case 'asIs':
      return value;
    case 'moved':
      return typedAt(walk.typedOriginal, target.from);
    case 'minMax':
      return typedBefore !== undefined && samePlainValue(typedBefore, value) ? typedBefore : target.typed;
    case 'arithmetic':
      return arithmeticResult(typedBefore, target.typed, value, path);
    case 'array':
      return typeArrayTarget(target, value, typedBefore, path);
  }
}

/**
 * $inc and $mul as MongoDB types them: the wider of the two types (int < long < double), and an int
 * result that does not fit int32 becomes a long. A missing field takes the operand's type.
 */
function arithmeticResult(typedBefore: unknown, operand: unknown, value: unknown, path: string): unknown {
  if (typeof value !== 'number') return value;
  const operandType = numericTypeOf(operand);
  const beforeType = typedBefore === undefined ? operandType : numericTypeOf(typedBefore);
  if (!operandType || !beforeType) return value;
  let type: NumericType = widest(beforeType, operandType);
  if (type === 'int' && !isWholeInt32(value)) type = 'long';
  return numberOfType(type, value, path);
}

function widest(a: NumericType, b: NumericType): NumericType {
  if (a === 'double' || b === 'double') return 'double';
  if (a === 'long' || b === 'long') return 'long';
  return 'int';
}

/** A plain number as a typed leaf of the given type; a long beyond ±2^53 cannot be computed exactly. */
export function numberOfType(type: NumericType, value: number, path: string): unknown {
  if (type === 'long') {
    if (!Number.isSafeInteger(value)) {
      throw notSupported(`64-bit integer arithmetic beyond ±2^53 (the result at '${path}')`);
    }
    return Long.fromNumber(value);
  }
  if (type === 'double') return isWholeInt32(value) ? new Double(value) : value;
  return value;
}

/**
 * Array operators and positional paths move and drop elements, so a number's old type cannot be found
 * by its path. Where no whole-number double or long is involved every number has its default type and
 * the plain result is right; otherwise the engine refuses rather than guess.
 */
function typeArrayTarget(
  target: { operator: string; typed: unknown },
  value: unknown,
  typedBefore: unknown,
  path: string,
): unknown {
  if (containsWrapper(typedBefore) || containsWrapper(target.typed)) {
    throw notSupported(
      `${target.operator} on '${path}' when it holds whole-number doubles or 64-bit integers (their types could not be kept)`,
    );
  }
  if (target.operator === '$inc' || target.operator === '$mul') {
    // int * int stays int only while it fits; a double operand or element could give a whole double.
    if (
      numericTypeOf(target.typed) !== 'int' ||
      !onlyWholeInt32Numbers(typedBefore) ||
      !onlyWholeInt32Numbers(value)
    )
      throw notSupported(
        `${target.operator} through a positional path on '${path}' unless every number there is a 32-bit integer`,
      );
  }
  return value;
}

function onlyWholeInt32Numbers(value: unknown): boolean {
  if (typeof value === 'number') return isWholeInt32(value);
  if (Array.isArray(value)) return value.every(onlyWholeInt32Numbers);
  if (isPlainObject(value)) return Object.values(value).every(onlyWholeInt32Numbers);
  return true;
}

/** True when a typed value holds a wrapper that keeps a number's type (a 5.0 double or a long). */
export function containsWrapper(typed: unknown): boolean {
  if (isTypedLeaf(typed)) return true;
  if (Array.isArray(typed)) return typed.some(containsWrapper);
  if (isPlainObject(typed)) return Object.values(typed).some(containsWrapper);
  return false;
}

function typedAt(typed: unknown, path: string): unknown {
  let node = typed;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isPlainObject(node)) node = node[part];
    else return undefined;
  }
  return node;
}

function samePlainValue(typed: unknown, plain: unknown): boolean {
  const tag = bsonTypeTag(typed);
  if (tag === 'Double' || tag === 'Long' || tag === 'Int32') return toPlain(typed) === plain;
  return valueKey(typed) === valueKey(plain) && typeof typed === typeof plain;
}

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && value.constructor === Object;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function cannotKeepType(path: string) {
  return notSupported(`an update whose result at '${path}' has a number of unknown BSON type`);
}

/**
 * Whether an update changed a document, as MongoDB decides it: byte for byte, so 5 becoming 5.0 or a
 * long is a change although the values compare equal.
 */
export function changedDocument(original: Document, updated: Document): boolean {
  if (!hasTypedLeaves(original) && !hasTypedLeaves(updated)) return valueKey(updated) !== valueKey(original);
  return !Buffer.from(serialize(typedOf(original))).equals(Buffer.from(serialize(typedOf(updated))));
}
