import { Timestamp, type Document } from 'bson';
import { badValue, CommandError, failedToParse, notSupported, typeMismatch } from '../errors.js';
import { assertRenameApplicable, assertRenameWellFormed } from './rename-checks.js';
import { shownValue, typeName } from './shown-values.js';

const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);
const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);
/** Operators whose target path must be reachable without crossing a scalar or an array by name. */
const CREATING_OPERATORS = new Set([
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$currentDate',
  '$setOnInsert',
]);

/**
 * What MongoDB checks when it parses an update, before looking at any document: every key is a known
 * kind of modifier holding an object of paths, $inc and $mul have numbers, and no two paths overlap
 * (paths with `$`, `$[]` or `$[identifier]` compare as written).
 */
export function assertWellFormed(operators: Document): void {
  for (const [operator, fields] of Object.entries(operators)) {
    if (!operator.startsWith('$'))
      throw failedToParse(
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${Array.isArray(fields) ? 'array' : typeof fields} instead.`,
      );
    }
    for (const [path, argument] of Object.entries(fields as Document)) {
      assertNoEmptyFieldName(path);
      if (operator === '$rename') {
        assertRenameWellFormed(path, argument);
        assertNoEmptyFieldName(argument as string);
      }
      if (operator === '$pop' && typeof argument !== 'number')
        throw failedToParse(`Expected a number in: ${path}: ${shownValue(argument)}`);
      if (operator === '$pop' && argument !== 1 && argument !== -1)
        throw failedToParse(`$pop expects 1 or -1, found: ${shownValue(argument)}`);
      // A long beyond ±2^53 stays a Long object: the engine could not compute with it exactly.
      const unsafeLong = (argument as { _bsontype?: string } | null)?._bsontype === 'Long';
      if (NUMERIC_OPERATORS.has(operator) && unsafeLong)
        throw notSupported(`${operator} by a 64-bit integer beyond ±2^53`);
      if (NUMERIC_OPERATORS.has(operator) && typeof argument !== 'number')
        throw typeMismatch(
          `Cannot ${operator === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${shownValue(argument)}}`,
        );
    }
  }
  assertNoConflicts(
    operators,
    (target, conflict) => `Updating the path '${target}' would create a conflict at '${conflict}'`,
  );
}

/**
 * MongoDB refuses update operators that cannot apply (incrementing a string, pushing onto a non-array,
 * creating a field inside an array or a scalar, two operators on one element); mingo would quietly do
 * something else. These checks run against the stored document before anything changes, on the
 * concrete paths positional ones were resolved to.
 */
export function assertApplicable(original: Document, operators: Document): void {
  assertNoConflicts(operators, (_target, conflict) => `Update created a conflict at '${conflict}'`);
  for (const [operator, fields] of Object.entries(operators)) {
    for (const path of Object.keys(fields as Document)) {
      if (operator === '$rename')
        assertRenameApplicable(original, path, (fields as Document)[path] as string);
      if (!CREATING_OPERATORS.has(operator) && !ARRAY_OPERATORS.has(operator)) continue;
      const current = valueForUpdate(original, path);
      if (current === undefined) continue;
      if (NUMERIC_OPERATORS.has(operator) && typeof current !== 'number') {
        throw typeMismatch(
          `Cannot apply ${operator} to a value of non-numeric type. {_id: ${String(original._id)}} has the field '${path.split('.').at(-1)}' of non-numeric type ${typeName(current)}`,
        );
      }
      if (ARRAY_OPERATORS.has(operator) && !Array.isArray(current)) {
        throw badValue(
          `The field '${path}' must be an array but is of type ${typeName(current)} in document {_id: ${String(original._id)}}`,
        );
      }
    }
  }
}

function assertNoConflicts(
  operators: Document,
  describe: (target: string, conflict: string) => string,
): void {
  const paths: string[] = [];
  for (const [operator, fields] of Object.entries(operators)) {
    for (const [path, argument] of Object.entries(fields as Document)) {
      const targets = operator === '$rename' && typeof argument === 'string' ? [path, argument] : [path];
      for (const target of targets) {
        for (const other of paths) {
          const conflict = conflictAt(target, other);
          if (conflict) throw new CommandError(40, 'ConflictingUpdateOperators', describe(target, conflict));
        }
        paths.push(target);
      }
    }
  }
}

function assertNoEmptyFieldName(path: string): void {
  if (path === '') throw new CommandError(56, 'EmptyFieldName', 'An empty update path is not valid.');
  if (path.split('.').includes(''))
    throw new CommandError(
      56,
      'EmptyFieldName',
      `The update path '${path}' contains an empty field name, which is not allowed.`,
    );
}

/** Replaces $currentDate with the $set it means, since mingo has no BSON Timestamp. */
export function expandCurrentDate(operators: Document, now = new Date()): Document {
  const currentDate = operators.$currentDate as Document | undefined;
  if (!currentDate) return operators;
  const set: Document = { ...(operators.$set as Document | undefined) };
  for (const [path, spec] of Object.entries(currentDate)) {
    const type =
      spec === true
        ? 'date'
        : typeof spec === 'object' && spec !== null
          ? (spec as Document).$type
          : undefined;
    if (type === 'date') set[path] = new Date(now.getTime());
    else if (type === 'timestamp')
      set[path] = new Timestamp({ t: Math.floor(now.getTime() / 1000), i: nextIncrement() });
    else
      throw badValue(
        `${shownValue(spec)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
      );
  }
  const { $currentDate: _dropped, ...rest } = operators;
  void _dropped;
  return { ...rest, $set: set };
}

let increment = 0;
function nextIncrement(): number {
  increment = (increment + 1) % 0xffffffff;
  return increment;
}

function conflictAt(a: string, b: string): string | undefined {
  if (a === b) return a;
  if (a.startsWith(`${b}.`)) return b;
  if (b.startsWith(`${a}.`)) return a;
  return undefined;
}

/** The value at a dotted path, or undefined if it does not exist yet; throws if it could not be created. */
function valueForUpdate(doc: Document, path: string): unknown {
  const parts = path.split('.');
  let node: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) throw pathNotViable(part, parts[i - 1]!, node);
      node = node[Number(part)];
    } else if (typeof node === 'object' && node !== null && node.constructor === Object) {
      node = (node as Document)[part];
    } else {
      throw pathNotViable(part, parts[i - 1]!, node);
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function pathNotViable(part: string, parent: string, value: unknown): CommandError {
  return new CommandError(
    28,
    'PathNotViable',
    `Cannot create field '${part}' in element {${parent}: ${shownValue(value)}}`,
  );
}
