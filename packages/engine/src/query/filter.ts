import type { Document } from 'bson';
import type { Context } from 'mingo';
import { Query } from 'mingo/query';
import { ENGINE_CONTEXT, ENGINE_QUERY_OPTIONS } from './mingo-context.js';
import { badValue, notSupported } from '../errors.js';

/**
 * Operators MongoDB has but the engine refuses: server-side JavaScript could run anything, and text or
 * geo search need index types the engine does not have. Refusing loudly beats answering differently.
 */
const REFUSED_OPERATORS = new Map([
  ['$where', '$where (server-side JavaScript)'],
  ['$function', '$function (server-side JavaScript)'],
  ['$accumulator', '$accumulator (server-side JavaScript)'],
  ['$text', '$text (text indexes)'],
  ['$near', '$near (geospatial indexes)'],
  ['$nearSphere', '$nearSphere (geospatial indexes)'],
  ['$geoWithin', '$geoWithin (geospatial queries)'],
  ['$geoIntersects', '$geoIntersects (geospatial queries)'],
  ['$jsonSchema', '$jsonSchema'],
  ['$sampleRate', '$sampleRate'],
]);

/** int, double and long by alias and by number. */
const NUMERIC_SUBTYPES = new Set<string | number>(['double', 1, 'int', 16, 'long', 18]);

/** Options every mingo call shares: MongoDB's strict semantics and no user scripts. */
export function mingoOptions(variables?: Document): Partial<{
  useStrictMode: boolean;
  scriptEnabled: boolean;
  variables: Document;
  context: Context;
}> {
  const options = { useStrictMode: true, scriptEnabled: false, context: ENGINE_CONTEXT };
  return variables ? { ...options, variables } : options;
}

/** The options for a `new Query(...)`: the shared prebuilt ones unless there are variables. */
export function queryOptions(variables?: Document): ReturnType<typeof mingoOptions> {
  return !variables && ENGINE_QUERY_OPTIONS ? ENGINE_QUERY_OPTIONS : mingoOptions(variables);
}

/** Throws on the first refused operator anywhere in a filter, pipeline or update expression. */
export function assertSupportedOperators(expression: unknown): void {
  if (Array.isArray(expression)) {
    for (const element of expression) assertSupportedOperators(element);
    return;
  }
  if (typeof expression !== 'object' || expression === null || expression.constructor !== Object) return;
  for (const [key, value] of Object.entries(expression)) {
    const refused = REFUSED_OPERATORS.get(key);
    if (refused) throw notSupported(refused);
    if (key === '$elemMatch' && testsScalarNumericType(value)) {
      throw notSupported(
        `$elemMatch of $type ${JSON.stringify(value)} on array elements (their types are not seen there)`,
      );
    }
    assertSupportedOperators(value);
  }
}

/**
 * mingo tests the scalar elements of an array for $elemMatch by wrapping each in a new document, which
 * has no typed twin, so a 5.0 double element would look like an int there.
 */
function testsScalarNumericType(criteria: unknown): boolean {
  if (typeof criteria !== 'object' || criteria === null || Array.isArray(criteria)) return false;
  const keys = Object.keys(criteria);
  if (!keys.every((key) => key.startsWith('$') && !['$and', '$or', '$nor'].includes(key))) return false;
  return mentionsNumericSubtype(criteria);
}

function mentionsNumericSubtype(expression: unknown): boolean {
  if (Array.isArray(expression)) return expression.some(mentionsNumericSubtype);
  if (typeof expression !== 'object' || expression === null) return false;
  return Object.entries(expression).some(
    ([key, value]) =>
      (key === '$type' && [value].flat().some((type) => NUMERIC_SUBTYPES.has(type as string | number))) ||
      mentionsNumericSubtype(value),
  );
}

/** Time zone names MongoDB accepts that mingo only knows by their Olson name. */
const TIMEZONE_ALIASES: Record<string, string> = { UTC: 'Etc/UTC', GMT: 'Etc/GMT' };

/**
 * A copy of an expression with what MongoDB and mingo spell differently spelled mingo's way: today the
 * `timezone: "UTC"` of date operators. Values are shared, not copied.
 */
export function normaliseExpression<T>(expression: T): T {
  if (Array.isArray(expression)) return expression.map(normaliseExpression) as T;
  if (typeof expression !== 'object' || expression === null || expression.constructor !== Object)
    return expression;
  const copy: Document = {};
  for (const [key, value] of Object.entries(expression)) {
    copy[key] =
      key === 'timezone' && typeof value === 'string' && TIMEZONE_ALIASES[value]
        ? TIMEZONE_ALIASES[value]
        : normaliseExpression(value);
  }
  return copy as T;
}

/** Compiles a query filter, turning mingo's complaints about bad operators into BadValue errors. */
export function compileFilter(filter: unknown, variables?: Document): Query {
  if (filter === undefined || filter === null) return new Query({}, queryOptions(variables));
  if (typeof filter !== 'object' || Array.isArray(filter)) throw badValue('filter must be an object');
  assertSupportedOperators(filter);
  // A top-level `$comment` only labels the query for logs and profilers; MongoDB ignores it, mingo
  // would not know it.
  const { $comment, ...conditions } = filter as Document;
  void $comment;
  return asBadValue(() => new Query(normaliseExpression(conditions), queryOptions(variables)));
}

/** Runs a mingo computation; any error it throws is the client's expression being wrong. */
export function asBadValue<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof Error && error.constructor.name !== 'CommandError')
      throw badValue(inMongoDBWords(error.message));
    throw error;
  }
}

/** mingo's "unknown query operator $x" is MongoDB's "unknown operator: $x" (both BadValue). */
function inMongoDBWords(message: string): string {
  return message.replace(/^unknown query operator (\$\S+)$/, 'unknown operator: $1');
}
