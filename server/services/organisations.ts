import type { AnyBulkWriteOperation } from 'mongoose';
import type { Organisation } from '../models/organisation.js';
import { DomainError, type FieldError } from '../domain/errors.js';
import type { ServiceDeps } from './service-deps.js';
import type { NewService, ServiceChange } from '../schemas/organisation.js';
import { nameTerms, reservedServiceIds, type OrganisationKind } from '../models/organisation-fields.js';
import {
  ancestorLists,
  settingProblems,
  treeFileProblems,
  treeOrder,
  type ParentMap,
  type ServiceTree,
  type ServiceTreeEntry,
} from './organisation-tree.js';
import { isDuplicateKey } from '../models/duplicate-key.js';
import type { ServiceDetail, ServiceView } from '../mappers/organisation.js';

export interface ServiceListFilter {
  /** Only the children of this service. */
  parent?: string;
  /** Only the roots (boards). */
  rootsOnly?: boolean;
  /** Every word must be a word of the name. */
  q?: string;
  kind?: OrganisationKind;
  includeRetired?: boolean;
  limit: number;
  offset: number;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
}

type OrganisationFields = Omit<Organisation, '_id' | 'createdAt' | 'updatedAt'>;

/**
 * How long the answer to "may stories be told about these services" is kept. Every story told asks
 * it (two store queries, a third of a submission's), and under a burst of stories the same few
 * services are asked about again and again. A change made through this instance is seen at once; one
 * made through another instance (a service retired there) within this long.
 */
const openCheckTtlMs = 1000;
/** Distinct lists of services kept at most; a burst about more lists starts over. */
const openCheckMaxLists = 1000;

interface OpenCheck {
  at: number;
  found: Map<string, Organisation>;
  retired: Set<string>;
}

/**
 * The service tree (board → hospital → department...): reading it, the admin operations on it, and the
 * questions the rest of careloop asks of it (a subtree's ids, whether services take new stories).
 * A subtree is `{ $or: [{ _id: id }, { ancestors: id }] }`: `ancestors` is rewritten on every create,
 * move and import. Retiring never deletes: a service whose own record or any ancestor's is retired is
 * closed to new stories and shown with `retired: true`.
 */
export class OrganisationService {
  private readonly deps: ServiceDeps;
  private readonly changeListeners = new Set<() => void>();
  /** Recent answers of `assertOpenForStories`, by the list of services asked about. */
  private readonly openChecks = new Map<string, OpenCheck>();
  /** Moves on every change through this instance: an answer read across a change is not kept. */
  private changes = 0;

  constructor(deps: ServiceDeps) {
    this.deps = deps;
  }

  /**
   * Calls `listener` after this instance changes a service (created, updated, imported), so caches of
   * service settings in this process (the CORS allowlist) can drop them at once.
   */
  onChange(listener: () => void): void {
    this.changeListeners.add(listener);
  }

  private notifyChanged(): void {
    this.changes += 1;
    this.openChecks.clear();
    for (const listener of this.changeListeners) listener();
  }

  private get model() {
    return this.deps.models.organisations;
  }

  async get(id: string): Promise<Organisation | null> {
    return this.model.findById(id).lean<Organisation>();
  }

  /** The service, or a `not-found` error. */
  async getOrThrow(id: string): Promise<Organisation> {
    const organisation = await this.get(id);
    if (!organisation) throw DomainError.notFound(`There is no service ${JSON.stringify(id)}.`);
    return organisation;
  }

  /** The id and every descendant's id ([] for an unknown id). */
  async subtreeIds(id: string): Promise<string[]> {
    const services = await this.model
      .find({ $or: [{ _id: id }, { ancestors: id }] }, { _id: 1 })
      .lean<Pick<Organisation, '_id'>[]>();
    return services.map((service) => service._id);
  }

  async byIds(ids: string[]): Promise<Map<string, Organisation>> {
    if (ids.length === 0) return new Map();
    const services = await this.model.find({ _id: { $in: [...new Set(ids)] } }).lean<Organisation[]>();
    return new Map(services.map((service) => [service._id, service]));
  }

  /**
   * The services a story may be told about: each must exist and be open (neither it nor an ancestor
   * retired). Throws one `invalid` error naming every bad one as `<field>.<index>`.
   */
  async assertOpenForStories(ids: string[], field = 'services'): Promise<void> {
    const { found, retired } = await this.openCheck(ids);
    const errors: FieldError[] = [];
    ids.forEach((id, index) => {
      const service = found.get(id);
      if (!service)
        errors.push({
          field: `${field}.${index}`,
          code: 'unknown-service',
          message: 'is not a known service',
        });
      else if (isClosed(service, retired)) {
        errors.push({
          field: `${field}.${index}`,
          code: 'retired-service',
          message: 'is retired and closed to new stories',
        });
      }
    });
    if (errors.length > 0) throw DomainError.invalid(errors);
  }

  /** The services named and which of them or their ancestors are retired: kept `openCheckTtlMs`. */
  private async openCheck(ids: string[]): Promise<OpenCheck> {
    const key = JSON.stringify(ids);
    const kept = this.openChecks.get(key);
    if (kept && Date.now() - kept.at < openCheckTtlMs) return kept;
    const [at, changes] = [Date.now(), this.changes];
    const found = await this.byIds(ids);
    const retired = await this.retiredAmong([...found.values()].flatMap((s) => [s._id, ...s.ancestors]));
    const check = { at, found, retired };
    if (changes !== this.changes) return check;
    if (this.openChecks.size >= openCheckMaxLists) this.openChecks.clear();
    this.openChecks.set(key, check);
    return check;
  }

  /** Every constituency a service names, as the services spell it. */
  async constituencyNames(): Promise<string[]> {
    const names = (await this.model.distinct('constituency')) as unknown[];
    return names.filter((name): name is string => typeof name === 'string' && name !== '');
  }

  /** Ids of the services in a constituency and of everything below them. */
  async servicesInConstituency(constituency: string): Promise<string[]> {
    const sites = await this.model.find({ constituency }, { _id: 1 }).lean<Pick<Organisation, '_id'>[]>();
    if (sites.length === 0) return [];
    const ids = sites.map((site) => site._id);
    const services = await this.model
      .find({ $or: [{ _id: { $in: ids } }, { ancestors: { $in: ids } }] }, { _id: 1 })
      .lean<Pick<Organisation, '_id'>[]>();
    return services.map((service) => service._id);
  }

  /**
   * The services (usually boards) whose widget settings allow any of these website origins, in id
   * order (so where two allow one origin, the same one always comes first).
   */
  async allowingOrigins(origins: string[]): Promise<Organisation[]> {
    if (origins.length === 0) return [];
    return this.model
      .find({ allowedOrigins: { $in: origins } })
      .sort({ _id: 1 })
      .lean<Organisation[]>();
  }

  async list(filter: ServiceListFilter): Promise<{ services: ServiceView[]; total: number }> {
    const retired = await this.retiredIds();
    const query: Record<string, unknown> = {};
    if (filter.parent !== undefined) query.parent = filter.parent;
    if (filter.rootsOnly) query.parent = null;
    if (filter.kind !== undefined) query.kind = filter.kind;
    if (filter.q !== undefined) {
      const words = nameTerms(filter.q);
      // A search of punctuation alone has no word a name could have.
      if (words.length === 0) return { services: [], total: 0 };
      query.nameTerms = { $all: words };
    }
    if (!filter.includeRetired) {
      query.retiredAt = null;
      if (retired.size > 0) query.ancestors = { $nin: [...retired] };
    }
    const [services, total] = await Promise.all([
      this.model
        .find(query)
        .sort({ name: 1, _id: 1 })
        .skip(filter.offset)
        .limit(filter.limit)
        .lean<Organisation[]>(),
      this.model.countDocuments(query),
    ]);
    return { services: services.map((service) => view(service, retired)), total };
  }

  /** One service with its ancestors and children, or a `not-found` error. */
  async describe(id: string): Promise<ServiceDetail> {
    const organisation = await this.getOrThrow(id);
    const [ancestors, children, retired] = await Promise.all([
      this.byIds(organisation.ancestors),
      this.model.find({ parent: id }).sort({ name: 1, _id: 1 }).lean<Organisation[]>(),
      this.retiredIds(),
    ]);
    return {
      ...view(organisation, retired),
      ancestors: organisation.ancestors.flatMap((ancestorId) => ancestors.get(ancestorId) ?? []),
      children: children.map((child) => view(child, retired)),
    };
  }

  /** Adds a service below `parent` (or as a root). A taken id is a `conflict` error. */
  async create(input: NewService): Promise<ServiceView> {
    const errors = settingProblems(input);
    if (reservedServiceIds.includes(input.id)) {
      errors.unshift({
        field: 'id',
        code: 'taken',
        message: `is reserved (${reservedServiceIds.join(', ')})`,
      });
    }
    const parent = input.parent === undefined ? null : await this.get(input.parent);
    if (input.parent !== undefined && !parent)
      errors.push({ field: 'parent', code: 'unknown-service', message: 'is not a known service' });
    if (errors.length > 0) throw DomainError.invalid(errors);
    if (await this.get(input.id)) throw taken(input.id);
    try {
      await this.model.create({
        _id: input.id,
        name: input.name,
        kind: input.kind,
        parent: parent?._id ?? null,
        ancestors: parent ? [...parent.ancestors, parent._id] : [],
        constituency: input.constituency,
        allowedOrigins: input.allowedOrigins ?? [],
        storyPageUrl: input.storyPageUrl,
        previewCriticality: input.previewCriticality ?? null,
        previewWorkingDays: input.previewWorkingDays ?? null,
        moderatedFirstResponses: input.moderatedFirstResponses,
        nameTerms: nameTerms(input.name),
      });
    } catch (error) {
      // Two admins adding the same id at once: the store's unique _id decides.
      if (isDuplicateKey(error)) throw taken(input.id);
      throw error;
    }
    this.deps.logger.info({ serviceId: input.id }, 'service added');
    this.notifyChanged();
    return this.view(await this.getOrThrow(input.id));
  }

  /**
   * Renames, moves, retires or reopens a service, or changes its settings. A move takes the whole
   * subtree along; moving a service below itself is a `conflict` error.
   */
  async update(id: string, change: ServiceChange): Promise<ServiceView> {
    const current = await this.getOrThrow(id);
    const errors = settingProblems(change);
    let ancestors = current.ancestors;
    if (change.parent !== undefined && change.parent !== current.parent) {
      const parent = change.parent === null ? null : await this.get(change.parent);
      if (change.parent !== null && !parent)
        errors.push({ field: 'parent', code: 'unknown-service', message: 'is not a known service' });
      else if (parent && (parent._id === id || parent.ancestors.includes(id))) {
        throw DomainError.conflict(
          parent._id === id
            ? 'A service cannot be its own parent.'
            : `A service cannot move below itself: ${parent._id} is below ${id}.`,
          {
            errors: [
              {
                field: 'parent',
                code: 'invalid',
                message: 'is the service itself or one of its descendants',
              },
            ],
          },
        );
      }
      ancestors = parent ? [...parent.ancestors, parent._id] : [];
    }
    if (errors.length > 0) throw DomainError.invalid(errors);

    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    if (change.name !== undefined)
      Object.assign(set, { name: change.name, nameTerms: nameTerms(change.name) });
    if (change.kind !== undefined) set.kind = change.kind;
    if (change.parent !== undefined) Object.assign(set, { parent: change.parent, ancestors });
    for (const field of ['constituency', 'storyPageUrl', 'moderatedFirstResponses'] as const) {
      if (change[field] === null) unset[field] = 1;
      else if (change[field] !== undefined) set[field] = change[field];
    }
    if (change.allowedOrigins !== undefined) set.allowedOrigins = change.allowedOrigins;
    for (const field of ['previewCriticality', 'previewWorkingDays'] as const) {
      if (change[field] !== undefined) set[field] = change[field];
    }
    if (change.retired !== undefined)
      set.retiredAt = change.retired ? (current.retiredAt ?? new Date()) : null;
    await this.model.updateOne(
      { _id: id },
      {
        ...(Object.keys(set).length > 0 ? { $set: set } : {}),
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
      },
    );

    if (ancestors !== current.ancestors) {
      // Each descendant keeps its path below `id` and takes the new path above it.
      const descendants = await this.model.find({ ancestors: id }, { ancestors: 1 }).lean<Organisation[]>();
      const moves: AnyBulkWriteOperation<Organisation>[] = descendants.map((descendant) => ({
        updateOne: {
          filter: { _id: descendant._id },
          update: {
            $set: {
              ancestors: [
                ...ancestors,
                id,
                ...descendant.ancestors.slice(descendant.ancestors.indexOf(id) + 1),
              ],
            },
          },
        },
      }));
      if (moves.length > 0) await this.model.bulkWrite(moves);
      this.deps.logger.info(
        { serviceId: id, parent: change.parent, subtree: moves.length + 1 },
        'service moved',
      );
    }
    this.notifyChanged();
    return this.view(await this.getOrThrow(id));
  }

  /**
   * Imports a tree file (scotland-services.json's format): every listed service is upserted by id as
   * the file describes it (an absent optional field is cleared; `retired` absent means open). Services
   * the file does not list stay; with `retireMissing` the open ones are retired. Nothing is ever deleted.
   * A file with any problem is an `invalid` error naming each, and changes nothing.
   */
  async importTree(input: unknown, options: { retireMissing?: boolean } = {}): Promise<ImportResult> {
    const stored = await this.model.find({}).lean<Organisation[]>();
    const storedById = new Map(stored.map((service) => [service._id, service]));
    const storedParents: ParentMap = new Map(stored.map((service) => [service._id, service.parent ?? null]));
    const errors = treeFileProblems(input, storedParents);
    if (errors.length > 0) {
      throw DomainError.invalid(errors, 'The service tree has problems, so nothing was imported.');
    }
    const tree = input as ServiceTree;

    const parents: ParentMap = new Map(storedParents);
    for (const entry of tree.services) parents.set(entry.id, entry.parent ?? null);
    const ancestors = ancestorLists(parents);
    const listed = new Set(tree.services.map((entry) => entry.id));
    const now = new Date();
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0, retired: 0 };
    const writes: AnyBulkWriteOperation<Organisation>[] = [];

    for (const entry of tree.services) {
      const existing = storedById.get(entry.id);
      const wanted = fieldsFromEntry(entry, ancestors.get(entry.id) ?? [], existing?.retiredAt ?? now);
      if (!existing) {
        // Mongoose stamps createdAt/updatedAt on bulk inserts; the type wants them already.
        writes.push({ insertOne: { document: { _id: entry.id, ...wanted } as Organisation } });
        result.created += 1;
      } else if (sameFields(existing, wanted)) {
        result.unchanged += 1;
      } else {
        const unset = (['constituency', 'storyPageUrl', 'moderatedFirstResponses'] as const).filter(
          (field) => wanted[field] === undefined,
        );
        const set = Object.fromEntries(Object.entries(wanted).filter(([, value]) => value !== undefined));
        const update = unset.length
          ? { $set: set, $unset: Object.fromEntries(unset.map((f) => [f, 1])) }
          : { $set: set };
        writes.push({ updateOne: { filter: { _id: entry.id }, update } });
        result.updated += 1;
      }
    }
    // Services only in the store follow their ancestors' moves, and are retired if asked.
    for (const service of stored) {
      if (listed.has(service._id)) continue;
      const set: Record<string, unknown> = {};
      const newAncestors = ancestors.get(service._id) ?? [];
      if (!sameList(newAncestors, service.ancestors)) set.ancestors = newAncestors;
      if (options.retireMissing && !service.retiredAt) {
        set.retiredAt = now;
        result.retired += 1;
      }
      if (Object.keys(set).length > 0)
        writes.push({ updateOne: { filter: { _id: service._id }, update: { $set: set } } });
    }
    if (writes.length > 0) await this.model.bulkWrite(writes);
    this.deps.logger.info(result, 'service tree imported');
    this.notifyChanged();
    return result;
  }

  /** The whole tree in the import format, parents before children: importing it changes nothing. */
  async exportTree(): Promise<ServiceTree & { about: string }> {
    const services = await this.model.find({}).lean<Organisation[]>();
    return {
      about: `Services exported from careloop (${this.deps.config.publicUrl}) on ${new Date().toISOString()}.`,
      services: treeOrder(services).map(entryFromService),
    };
  }

  /** The service with whether it is closed to new stories. */
  async view(organisation: Organisation): Promise<ServiceView> {
    return view(organisation, await this.retiredAmong([organisation._id, ...organisation.ancestors]));
  }

  /** Ids of services retired in their own right (few: a set of them is cheap). */
  private async retiredIds(): Promise<Set<string>> {
    const retired = await this.model
      .find({ retiredAt: { $ne: null } }, { _id: 1 })
      .lean<Pick<Organisation, '_id'>[]>();
    return new Set(retired.map((service) => service._id));
  }

  private async retiredAmong(ids: string[]): Promise<Set<string>> {
    const retired = await this.model
      .find({ _id: { $in: [...new Set(ids)] }, retiredAt: { $ne: null } }, { _id: 1 })
      .lean<Pick<Organisation, '_id'>[]>();
    return new Set(retired.map((service) => service._id));
  }
}

function isClosed(service: Organisation, retired: Set<string>): boolean {
  return service.retiredAt != null || service.ancestors.some((ancestor) => retired.has(ancestor));
}

function view(organisation: Organisation, retired: Set<string>): ServiceView {
  return { organisation, retired: isClosed(organisation, retired) };
}

function taken(id: string) {
  return DomainError.conflict(`There is already a service ${JSON.stringify(id)}.`, {
    errors: [{ field: 'id', code: 'taken', message: 'is taken' }],
  });
}

function fieldsFromEntry(
  entry: ServiceTreeEntry,
  ancestors: string[],
  retiredSince: Date,
): OrganisationFields {
  return {
    name: entry.name,
    kind: entry.kind,
    parent: entry.parent ?? null,
    ancestors,
    constituency: entry.constituency,
    allowedOrigins: entry.allowedOrigins ?? [],
    storyPageUrl: entry.storyPageUrl,
    moderatedFirstResponses: entry.moderatedFirstResponses,
    nameTerms: nameTerms(entry.name),
    retiredAt: entry.retired ? retiredSince : null,
  };
}

function sameFields(stored: Organisation, wanted: OrganisationFields): boolean {
  return (
    stored.name === wanted.name &&
    stored.kind === wanted.kind &&
    (stored.parent ?? null) === wanted.parent &&
    sameList(stored.ancestors, wanted.ancestors) &&
    (stored.constituency ?? undefined) === wanted.constituency &&
    sameList(stored.allowedOrigins, wanted.allowedOrigins) &&
    (stored.storyPageUrl ?? undefined) === wanted.storyPageUrl &&
    (stored.moderatedFirstResponses ?? undefined) === wanted.moderatedFirstResponses &&
    sameList(stored.nameTerms, wanted.nameTerms) &&
    (stored.retiredAt?.getTime() ?? null) === (wanted.retiredAt?.getTime() ?? null)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function entryFromService(service: Organisation): ServiceTreeEntry {
  return {
    id: service._id,
    name: service.name,
    kind: service.kind,
    ...(service.parent ? { parent: service.parent } : {}),
    ...(service.constituency ? { constituency: service.constituency } : {}),
    ...(service.allowedOrigins.length > 0 ? { allowedOrigins: [...service.allowedOrigins] } : {}),
    ...(service.storyPageUrl ? { storyPageUrl: service.storyPageUrl } : {}),
    ...(typeof service.moderatedFirstResponses === 'number'
      ? { moderatedFirstResponses: service.moderatedFirstResponses }
      : {}),
    ...(service.retiredAt ? { retired: true } : {}),
  };
}
