/**
 * A MongoDB projection that reads exactly `fields` (and `_id`), built from the same list a mapper's
 * input type is picked from, so the query and the mapper cannot drift apart.
 */
export function fieldsProjection<Field extends string>(fields: readonly Field[]): Record<Field, 1> {
  return Object.fromEntries(fields.map((field) => [field, 1])) as Record<Field, 1>;
}
