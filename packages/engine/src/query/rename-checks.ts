import type { Document } from 'bson';
import { badValue } from '../errors.js';
import { shownValue } from './shown-values.js';

/**
 * $rename's own rules, which MongoDB checks when it parses the update: the target is a string naming a
 * different field, on a path of its own (renaming `a` to `a.b` is not a move MongoDB will make).
 */
export function assertRenameWellFormed(from: string, to: unknown): void {
  if (typeof to !== 'string')
    throw badValue(`The 'to' field for $rename must be a string: ${from}: ${shownValue(to)}`);
  if (from === to) throw badValue(`The source and target field for $rename must differ: ${from}: "${to}"`);
  if (to.startsWith(`${from}.`) || from.startsWith(`${to}.`))
    throw badValue(`The source and target field for $rename must not be on the same path: ${from}: "${to}"`);
}

/**
 * MongoDB will not move a field out of, or into, an array element: it refuses rather than guess which
 * element is meant. Checked against the stored document.
 */
export function assertRenameApplicable(doc: Document, from: string, to: string): void {
  for (const [path, role] of [
    [from, 'source'],
    [to, 'destination'],
  ] as const) {
    const arrayField = arrayAbove(doc, path);
    if (arrayField !== undefined)
      throw badValue(
        `The ${role} field cannot be an array element, '${path}' in doc with _id: ${String(doc._id)} has an array field called '${arrayField}'`,
      );
  }
}

/** The name of the first array the path passes through before its last field, if any. */
function arrayAbove(doc: Document, path: string): string | undefined {
  const parts = path.split('.');
  let node: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Document)[part];
    if (Array.isArray(node)) return part;
  }
  return undefined;
}
