import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { CommandError, notSupported } from '../errors.js';
import { asBadValue, assertSupportedOperators, mingoOptions, normaliseExpression } from './filter.js';
import { hasTypedLeaves } from '../numbers/typed-values.js';

/**
 * The values of a command's `let` (find, update, delete, findAndModify, aggregate), as `$$name` will
 * see them. MongoDB evaluates each value once per command as an expression over no document, so
 * `{$add: [2, 3]}` is 5, `{$literal: '$x'}` is the string '$x' and `'$$NOW'` is the command's time;
 * the engine does the same rather than handing the raw expressions to mingo.
 */
export function letVariables(command: Document): Document | undefined {
  const spec = command.let as unknown;
  if (spec === undefined || spec === null) return undefined;
  if (typeof spec !== 'object' || Array.isArray(spec))
    throw new CommandError(14, 'TypeMismatch', "BSON field 'let' is the wrong type, expected type 'object'");
  // Evaluated values are plain numbers: where $$name lands in an output, a 5.0 or a long would lose its type.
  if (hasTypedLeaves(spec)) throw notSupported('let values holding whole-number doubles or 64-bit integers');
  const variables: Document = {};
  for (const [name, expression] of Object.entries(spec as Document)) {
    assertUserVariableName(name);
    if (referencesDocument(expression))
      throw new CommandError(
        4890500,
        'Location4890500',
        'Command let Expression tried to implicitly reference ROOT, which is not allowed',
      );
    assertSupportedOperators(expression);
    const value = asBadValue(() => evalExpr({}, normaliseExpression(expression), mingoOptions() as never));
    if (value !== undefined) variables[name] = value;
  }
  return variables;
}

/** MongoDB's rule for names a user may bind (Variables::uassertValidNameForUserWrite). */
function assertUserVariableName(name: string): void {
  // MongoDB lets `let` rebind CURRENT, which changes what every field path means: not implemented.
  if (name === 'CURRENT') throw notSupported('rebinding $$CURRENT in let');
  if (name === '') throw new CommandError(16866, 'Location16866', 'empty variable names are not allowed');
  if (!/^[a-z\u0080-\uffff]/.test(name))
    throw new CommandError(
      16867,
      'Location16867',
      `'${name}' starts with an invalid character for a user variable name`,
    );
  const invalid = /[^a-zA-Z0-9_\u0080-\uffff]/.exec(name.slice(1));
  if (invalid)
    throw new CommandError(
      16868,
      'Location16868',
      `'${name}' contains an invalid character for a variable name: '${invalid[0]}'`,
    );
}

/** Whether an expression reads a field of a document ('$x', '$$ROOT', '$$CURRENT'), outside $literal. */
function referencesDocument(expression: unknown): boolean {
  if (typeof expression === 'string')
    return (
      (expression.startsWith('$') && !expression.startsWith('$$')) ||
      /^\$\$(ROOT|CURRENT)(\.|$)/.test(expression)
    );
  if (Array.isArray(expression)) return expression.some(referencesDocument);
  if (typeof expression !== 'object' || expression === null || expression.constructor !== Object)
    return false;
  return Object.entries(expression).some(([key, value]) => key !== '$literal' && referencesDocument(value));
}
