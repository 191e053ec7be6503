import type { FieldError } from '../domain/errors.js';
import { compileSchema, fieldErrors } from '../schemas/ajv.js';
import { serviceTreeSchema } from '../schemas/organisation.js';
import { organisationKinds } from '../models/organisation.js';
import {
  isOrganisationKind,
  originProblem,
  reservedServiceIds,
  storyPageUrlProblem,
  type OrganisationKind,
} from '../models/organisation-fields.js';

/** One service in a tree file (scotland-services.json's format). */
export interface ServiceTreeEntry {
  id: string;
  name: string;
  kind: OrganisationKind;
  parent?: string;
  constituency?: string;
  allowedOrigins?: string[];
  storyPageUrl?: string;
  moderatedFirstResponses?: number;
  retired?: boolean;
}

export interface ServiceTree {
  about?: string;
  services: ServiceTreeEntry[];
}

/** Each service's parent (null for a root), by id. */
export type ParentMap = Map<string, string | null>;

const validateTreeShape = compileSchema<ServiceTree>(serviceTreeSchema);

/**
 * Checks a tree file against the JSON Schema and against the tree it would make together with the
 * services already stored (`stored`): every duplicate id, unknown kind, unknown parent and cycle is
 * named, by entry, in one list. Empty when the file can be imported as it is.
 */
export function treeFileProblems(input: unknown, stored: ParentMap): FieldError[] {
  if (validateTreeShape(input)) return treeProblems(input.services, stored);
  const shapeErrors = fieldErrors(validateTreeShape.errors ?? []);
  const services = (input as { services?: unknown } | null)?.services;
  if (!Array.isArray(services)) return shapeErrors;
  // The shape is wrong somewhere, but every entry with a usable id and parent still gets the tree checks.
  const usable = services.filter(
    (entry): entry is ServiceTreeEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.id === 'string' &&
      (entry.parent === undefined || typeof entry.parent === 'string'),
  );
  const indexOf = new Map(usable.map((entry) => [entry, services.indexOf(entry)]));
  const treeErrors = treeProblems(usable, stored, (entry) => indexOf.get(entry) ?? 0);
  return mergeErrors(shapeErrors, treeErrors);
}

function treeProblems(
  services: ServiceTreeEntry[],
  stored: ParentMap,
  indexOf: (entry: ServiceTreeEntry, position: number) => number = (_entry, position) => position,
): FieldError[] {
  const errors: FieldError[] = [];
  const firstIndex = new Map<string, number>();
  const parents: ParentMap = new Map(stored);
  const listed = new Map<string, number>();

  services.forEach((entry, position) => {
    const at = `services.${indexOf(entry, position)}`;
    const earlier = firstIndex.get(entry.id);
    if (earlier !== undefined) {
      errors.push({
        field: `${at}.id`,
        code: 'repeated',
        message: `repeats services.${earlier} (${entry.id})`,
      });
      return;
    }
    firstIndex.set(entry.id, indexOf(entry, position));
    listed.set(entry.id, indexOf(entry, position));
    parents.set(entry.id, entry.parent ?? null);
    if (reservedServiceIds.includes(entry.id)) {
      errors.push({
        field: `${at}.id`,
        code: 'taken',
        message: `is reserved (${reservedServiceIds.join(', ')})`,
      });
    }
    if (typeof entry.kind === 'string' && !isOrganisationKind(entry.kind)) {
      errors.push({
        field: `${at}.kind`,
        code: 'not-allowed',
        message: `is not a known kind (${organisationKinds.join(', ')})`,
      });
    }
    errors.push(...settingProblems(entry, at));
  });

  services.forEach((entry, position) => {
    const at = `services.${indexOf(entry, position)}`;
    if (entry.parent !== undefined && !parents.has(entry.parent)) {
      errors.push({
        field: `${at}.parent`,
        code: 'unknown-service',
        message: `is not a known service (${entry.parent})`,
      });
    }
  });

  for (const cycle of cyclesThrough([...listed.keys()], parents)) {
    const first = Math.min(...cycle.filter((id) => listed.has(id)).map((id) => listed.get(id) ?? 0));
    errors.push({
      field: `services.${first}.parent`,
      code: 'invalid',
      message: `makes a cycle: ${[...cycle, cycle[0]].join(' → ')} (each one the parent of the one before)`,
    });
  }
  return errors.sort((a, b) => entryIndex(a) - entryIndex(b));
}

/** Problems with the optional widget settings of one entry (or a create/update body when `at` is ''). */
export function settingProblems(
  settings: { allowedOrigins?: string[]; storyPageUrl?: string | null },
  at = '',
): FieldError[] {
  const prefix = at ? `${at}.` : '';
  const errors: FieldError[] = [];
  settings.allowedOrigins?.forEach((origin, index) => {
    if (typeof origin !== 'string') return;
    const problem = originProblem(origin);
    if (problem)
      errors.push({ field: `${prefix}allowedOrigins.${index}`, code: 'invalid', message: problem });
  });
  if (typeof settings.storyPageUrl === 'string') {
    const problem = storyPageUrlProblem(settings.storyPageUrl);
    if (problem) errors.push({ field: `${prefix}storyPageUrl`, code: 'invalid', message: problem });
  }
  return errors;
}

/**
 * Every cycle reachable by following parents up from `starts`, each once, in the order walked. The
 * stored tree has none, so any cycle found runs through the file.
 */
function cyclesThrough(starts: string[], parents: ParentMap): string[][] {
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const start of starts) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let current: string | null | undefined = start;
    while (current != null && !done.has(current) && parents.has(current)) {
      const seenAt = onPath.get(current);
      if (seenAt !== undefined) {
        cycles.push(path.slice(seenAt));
        break;
      }
      onPath.set(current, path.length);
      path.push(current);
      current = parents.get(current);
    }
    for (const id of path) done.add(id);
  }
  return cycles;
}

/**
 * Each service's ancestors, root first, for a tree without cycles. Memoised: a tree of thousands of
 * services is walked once.
 */
export function ancestorLists(parents: ParentMap): Map<string, string[]> {
  const ancestors = new Map<string, string[]>();
  const resolve = (id: string): string[] => {
    const known = ancestors.get(id);
    if (known) return known;
    const chain: string[] = [];
    let current = parents.get(id) ?? null;
    while (current !== null && !ancestors.has(current)) {
      chain.push(current);
      current = parents.get(current) ?? null;
    }
    // `chain` runs from the parent upwards to the first node whose ancestors are known (or a root).
    let above = current === null ? [] : [...(ancestors.get(current) ?? []), current];
    for (const node of chain.reverse()) {
      ancestors.set(node, above);
      above = [...above, node];
    }
    ancestors.set(id, above);
    return above;
  };
  for (const id of parents.keys()) resolve(id);
  return ancestors;
}

/** Orders services so each parent comes before its children: roots by name, then depth first by name. */
export function treeOrder<T extends { _id: string; name: string; parent?: string | null }>(
  services: T[],
): T[] {
  const byName = (a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a._id < b._id ? -1 : 1);
  const ids = new Set(services.map((service) => service._id));
  const children = new Map<string | null, T[]>();
  for (const service of services) {
    const parent = service.parent && ids.has(service.parent) ? service.parent : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(service);
    else children.set(parent, [service]);
  }
  const ordered: T[] = [];
  const visit = (parent: string | null) => {
    for (const child of (children.get(parent) ?? []).sort(byName)) {
      ordered.push(child);
      visit(child._id);
    }
  };
  visit(null);
  return ordered;
}

function entryIndex(error: FieldError): number {
  const match = /^services\.(\d+)/.exec(error.field);
  return match ? Number(match[1]) : -1;
}

function mergeErrors(first: FieldError[], second: FieldError[]): FieldError[] {
  const seen = new Set(first.map((error) => `${error.field}\u0000${error.message}`));
  const merged = [...first];
  for (const error of second) if (!seen.has(`${error.field}\u0000${error.message}`)) merged.push(error);
  return merged.sort((a, b) => entryIndex(a) - entryIndex(b));
}
