import { isWholeInt32, bsonTypeTag } from './typed-values.js';

/** The numeric BSON types, in MongoDB's order of widening. */
export type NumericType = 'int' | 'long' | 'double';

/**
 * The numeric type of a typed leaf (numbers/typed-values.ts): wrappers say theirs, a plain number is
 * what bson writes it as. Undefined for anything that is not a number.
 */
export function numericTypeOf(typed: unknown): NumericType | undefined {
  if (typeof typed === 'number') return isWholeInt32(typed) ? 'int' : 'double';
  switch (bsonTypeTag(typed)) {
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Int32':
      return 'int';
    default:
      return undefined;
  }
}

/** MongoDB's $type alias of a typed value; 'missing' for a missing one (as the $type expression says). */
export function bsonTypeAlias(typed: unknown): string {
  if (typed === undefined) return 'missing';
  if (typed === null) return 'null';
  switch (typeof typed) {
    case 'number':
      return isWholeInt32(typed) ? 'int' : 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'long';
    case 'object':
      break;
    default:
      return 'javascript';
  }
  if (Array.isArray(typed)) return 'array';
  if (typed instanceof Date) return 'date';
  if (typed instanceof RegExp) return 'regex';
  if (typed instanceof Uint8Array) return 'binData';
  const tag = bsonTypeTag(typed);
  return tag === undefined ? 'object' : (ALIAS_BY_TAG[tag] ?? 'object');
}

const ALIAS_BY_TAG: Record<string, string> = {
  Double: 'double',
  Int32: 'int',
  Long: 'long',
  Decimal128: 'decimal',
  Binary: 'binData',
  ObjectId: 'objectId',
  BSONRegExp: 'regex',
  Timestamp: 'timestamp',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  BSONSymbol: 'symbol',
  Code: 'javascript',
  DBRef: 'object',
};

/** Every alias the $type query operator accepts, by its BSON type number (MongoDB's table). */
const ALIAS_BY_NUMBER = new Map<number, string>([
  [1, 'double'],
  [2, 'string'],
  [3, 'object'],
  [4, 'array'],
  [5, 'binData'],
  [6, 'undefined'],
  [7, 'objectId'],
  [8, 'bool'],
  [9, 'date'],
  [10, 'null'],
  [11, 'regex'],
  [12, 'dbPointer'],
  [13, 'javascript'],
  [14, 'symbol'],
  [15, 'javascriptWithScope'],
  [16, 'int'],
  [17, 'timestamp'],
  [18, 'long'],
  [19, 'decimal'],
  [-1, 'minKey'],
  [127, 'maxKey'],
]);
const KNOWN_ALIASES = new Set([...ALIAS_BY_NUMBER.values(), 'number']);
const NUMBER_ALIASES = new Set(['double', 'int', 'long', 'decimal']);

/** The alias a $type argument names, or an error message saying why it names none. */
export function typeArgumentAlias(argument: unknown): { alias: string } | { error: string } {
  if (typeof argument === 'number') {
    const alias = Number.isInteger(argument) ? ALIAS_BY_NUMBER.get(argument) : undefined;
    return alias ? { alias } : { error: `Invalid numerical type code: ${argument}` };
  }
  if (typeof argument === 'string') {
    return KNOWN_ALIASES.has(argument)
      ? { alias: argument }
      : { error: `Unknown type name alias: ${argument}` };
  }
  return { error: 'type must be represented as a number or a string' };
}

/** Whether a value of type `alias` matches a $type argument alias (`number` matches every numeric type). */
export function aliasMatches(valueAlias: string, wanted: string): boolean {
  return valueAlias === wanted || (wanted === 'number' && NUMBER_ALIASES.has(valueAlias));
}
