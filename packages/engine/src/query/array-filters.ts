import type { Document } from 'bson';
import type { Query } from 'mingo/query';
import { badValue, failedToParse, notSupported } from '../errors.js';
import { compileFilter } from './filter.js';

/** One `$[identifier]` filter, compiled: it selects the array elements `matches` returns true for. */
export interface ArrayFilter {
  identifier: string;
  matches(element: unknown): boolean;
}

/** What MongoDB requires of an identifier, both in a filter and in an update path. */
const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;

/** Operators that combine clauses; the identifier is read from the clauses inside them. */
const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor']);

/** A path component `$[identifier]` (not `$[]`), or undefined. */
export function filterIdentifierOf(component: string): string | undefined {
  return component.length > 3 && component.startsWith('$[') && component.endsWith(']')
    ? component.slice(2, -1)
    : undefined;
}

/**
 * Parses an update's arrayFilters as MongoDB does before touching any document: each filter names
 * exactly one identifier, no identifier twice, every filter used by some `$[identifier]` of the update
 * and every `$[identifier]` given a filter. Errors carry MongoDB's codes, so a mistake fails even when
 * no document matches.
 */
export function parseArrayFilters(arrayFilters: unknown, updatePaths: string[]): Map<string, ArrayFilter> {
  if (arrayFilters !== undefined && !Array.isArray(arrayFilters))
    throw badValue('arrayFilters must be an array');
  const filters = new Map<string, ArrayFilter>();
  for (const filter of (arrayFilters ?? []) as unknown[]) {
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
      throw badValue('Each array filter must be an object');
    const identifier = identifierOf(filter as Document);
    if (filters.has(identifier))
      throw failedToParse(`Found multiple array filters with the same top-level field name ${identifier}`);
    const query: Query = compileFilter(filter);
    filters.set(identifier, { identifier, matches: (element) => query.test({ [identifier]: element }) });
  }
  const used = new Set<string>();
  for (const path of updatePaths) {
    for (const component of path.split('.')) {
      const identifier = filterIdentifierOf(component);
      if (identifier === undefined) continue;
      if (!filters.has(identifier))
        throw badValue(`No array filter found for identifier '${identifier}' in path '${path}'`);
      used.add(identifier);
    }
  }
  for (const identifier of filters.keys()) {
    if (!used.has(identifier))
      throw failedToParse(`The array filter for identifier '${identifier}' was not used in the update`);
  }
  return filters;
}

function identifierOf(filter: Document): string {
  const identifiers = new Set<string>();
  collectIdentifiers(filter, identifiers);
  const [identifier, other] = [...identifiers];
  if (identifier === undefined)
    throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
  if (other !== undefined)
    throw failedToParse(
      `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${identifier}' and '${other}'`,
    );
  if (!IDENTIFIER.test(identifier))
    throw badValue(
      `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${identifier}'`,
    );
  return identifier;
}

function collectIdentifiers(filter: Document, identifiers: Set<string>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (LOGICAL_OPERATORS.has(key) && Array.isArray(value)) {
      for (const clause of value) collectIdentifiers(clause as Document, identifiers);
    } else if (key === '$comment') {
      continue;
    } else if (key.startsWith('$')) {
      // $expr and friends have no field name to take an identifier from; MongoDB's rules for them
      // inside arrayFilters are not something the engine reproduces.
      throw notSupported(`${key} in arrayFilters`);
    } else {
      identifiers.add(key.split('.')[0]!);
    }
  }
}
