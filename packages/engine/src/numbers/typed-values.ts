import { Double, type Document } from 'bson';

/**
 * The engine computes with JavaScript numbers (mingo knows no other), but MongoDB keeps each number's
 * BSON type: 5.0 stays a double, a long stays a long. Most numbers need nothing more, because bson
 * writes a JavaScript number exactly as its default type: an int32-sized whole number as int32,
 * anything else as a double. Only two kinds of leaf would come back as another type, and only those
 * are held as `Double` / `Long` wrappers, in a *typed twin* of the plain value:
 * - a double whose value is an int32-sized whole number (5.0), and
 * - any int64.
 *
 * Every container (document or array) whose subtree holds such a leaf has its typed twin registered
 * here; the plain one is what queries, indexes and mingo see, the twin is what replies and the
 * journal write. Twins are only trusted for objects nobody mutates after registering: stored
 * documents (updates work on copies) and decoded commands. `toPlain` re-registers (or forgets) the
 * twin of every container it returns, so a reused container can never keep a stale twin.
 */
const twins = new WeakMap<object, object>();
/** Until some value needed a twin, replies can skip the walk that looks for them. */
let anyTwinRegistered = false;

/**
 * Stored documents known to hold no typed leaf: the walk in withTypes stops at them, so replies and
 * journal records of ordinary documents cost no more than before.
 */
const knownPlain = new WeakSet<object>();

/** Records that a document about to be stored needs no twin (or has one): called for every stored document. */
export function noteStored(doc: object): void {
  if (!twins.has(doc)) knownPlain.add(doc);
}

/** The typed version of a plain value (itself when its numbers need no wrapper). */
export function typedOf<T>(plain: T): T {
  if (typeof plain !== 'object' || plain === null) return plain;
  return (twins.get(plain) as T | undefined) ?? plain;
}

/** True when the container (or any container inside it) holds a double or long needing a wrapper. */
export function hasTypedLeaves(plain: unknown): boolean {
  return typeof plain === 'object' && plain !== null && twins.has(plain);
}

/** True when bson would write `value` as an int32 although it is held as a double. */
export function isWholeInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0);
}

/** A leaf that must stay wrapped to keep its BSON type: a whole-number double of int32 size, or a long. */
export function isTypedLeaf(value: unknown): boolean {
  const bsonType = bsonTypeTag(value);
  return bsonType === 'Long' || (bsonType === 'Double' && isWholeInt32((value as Double).value));
}

export function bsonTypeTag(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? (value as { _bsontype?: string })._bsontype
    : undefined;
}

/**
 * The plain value of a typed (or freshly decoded) value: `Double` and `Int32` become numbers, a `Long`
 * within ±2^53 becomes a number (a larger one stays a `Long`, which the store refuses). Containers
 * whose typed version differs get it registered as their twin. Containers that need no change are
 * returned as they are.
 */
export function toPlain<T>(value: T): T {
  return convert(value).plain as T;
}

/** Values toTyped gave: only these can hold wrappers for toPlain to take apart. */
const typedForms = new WeakSet<object>();

/** The typed form of a decoded value: numbers plain except the wrappers that keep a type. */
export function toTyped<T>(value: T): T {
  const { typed } = convert(value);
  if (typeof typed === 'object' && typed !== null) typedForms.add(typed);
  return typed as T;
}

/** False for a decoded record that held no 5.0 double or long, so recovery can skip toPlain's walk. */
export function mayHoldWrappers(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typedForms.has(value);
}

/** Like toPlain, also giving the typed version (wrappers only where they are needed). */
export function convert(value: unknown): { plain: unknown; typed: unknown } {
  if (typeof value !== 'object' || value === null) return { plain: value, typed: value };
  if (Array.isArray(value)) {
    let plain: unknown[] | undefined;
    let typed: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const element = convert(value[i]);
      if (element.plain !== value[i] && !plain) plain = value.slice(0, i);
      if (element.typed !== element.plain && !typed) typed = (plain ?? value).slice(0, i);
      plain?.push(element.plain);
      typed?.push(element.typed);
    }
    return pair(value, plain ?? value, typed);
  }
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType !== undefined) return convertLeaf(value, bsonType);
  if (value.constructor !== Object && Object.getPrototypeOf(value) !== null) {
    return { plain: value, typed: value };
  }
  let plain: Document | undefined;
  let typed: Document | undefined;
  const entries = Object.entries(value);
  for (let i = 0; i < entries.length; i++) {
    const [key, fieldValue] = entries[i]!;
    const field = convert(fieldValue);
    if (field.plain !== fieldValue && !plain) plain = Object.fromEntries(entries.slice(0, i));
    if (field.typed !== field.plain && !typed)
      typed = { ...(plain ?? Object.fromEntries(entries.slice(0, i))) };
    if (plain) plain[key] = field.plain;
    if (typed) typed[key] = field.typed;
  }
  return pair(value, plain ?? value, typed);
}

function pair(
  original: object,
  plain: object,
  typed: object | undefined,
): { plain: unknown; typed: unknown } {
  if (!typed) {
    // A reused container may have had a twin (an aggregation copy changed in place): forget it.
    if (plain === original) twins.delete(plain);
    return { plain, typed: plain };
  }
  twins.set(plain, typed);
  anyTwinRegistered = true;
  return { plain, typed };
}

function convertLeaf(value: object, bsonType: string): { plain: unknown; typed: unknown } {
  switch (bsonType) {
    case 'Double': {
      const number = (value as Double).value;
      return { plain: number, typed: isWholeInt32(number) ? new Double(number) : number };
    }
    case 'Int32':
      return { plain: (value as { value: number }).value, typed: (value as { value: number }).value };
    case 'Long': {
      const long = value as { toNumber(): number; toBigInt(): bigint };
      const number = long.toNumber();
      const exact = Number.isSafeInteger(number) && BigInt(number) === long.toBigInt();
      return { plain: exact ? number : value, typed: value };
    }
    default:
      return { plain: value, typed: value };
  }
}

/**
 * A reply (or journal record) with every plain container that has a twin replaced by it, so bson
 * writes each number with its BSON type. Containers are copied only where something changed.
 */
export function withTypes<T>(value: T): T {
  if (!anyTwinRegistered) return value;
  return substitute(value) as T;
}

function substitute(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || knownPlain.has(value)) return value;
  const twin = twins.get(value);
  if (twin) return twin;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const element = substitute(value[i]);
      if (element !== value[i] && !copy) copy = value.slice(0, i);
      copy?.push(element);
    }
    return copy ?? value;
  }
  if (value.constructor !== Object) return value;
  let copy: Document | undefined;
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = substitute(fieldValue);
    if (field !== fieldValue && !copy) copy = { ...value };
    if (copy) copy[key] = field;
  }
  return copy ?? value;
}

/**
 * A deep copy for mingo stages to change in place (as cloneDocument), whose containers keep pointing
 * at the typed twins of the originals, so typed-aware operators ($type, $sum) can read the types.
 * The twins are immutable stored values: changing the copy does not change them.
 */
export function cloneWithTypes<T>(value: T): T {
  if (Array.isArray(value)) return remember(value, value.map(cloneWithTypes)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (typeof value === 'object' && value !== null && value.constructor === Object) {
    const copy: Document = {};
    for (const [key, fieldValue] of Object.entries(value)) copy[key] = cloneWithTypes(fieldValue);
    return remember(value, copy) as T;
  }
  return value;
}

function remember(original: object, copy: object): object {
  const twin = twins.get(original);
  if (twin) twins.set(copy, twin);
  return copy;
}
