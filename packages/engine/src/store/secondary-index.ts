import type { Document } from 'bson';
import type { Query } from 'mingo/query';
import { compileFilter } from '../query/filter.js';
import type { Bound } from '../query/range-bounds.js';
import { badValue, duplicateKey, notSupported } from '../errors.js';
import type { DocumentMap } from './document-map.js';
import { MISSING, valueKey, valuesAtPath } from './keys.js';
import { mergeGroups, OrderedGroup, type OrderedEntry } from './ordered-group.js';

/** An index as listIndexes shows it and as the journal stores it. */
export interface IndexSpec {
  v: 2;
  key: Record<string, number>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

/** Caps the cartesian product of a compound multikey index entry (MongoDB forbids two array fields). */
const MAX_KEYS_PER_DOCUMENT = 10_000;
const SEPARATOR = '\u0000';

/**
 * A hash index over one or more fields: index key → the `_id` keys of the documents holding it. It
 * answers equality lookups without scanning and enforces `unique`; ranges and sorts still scan.
 *
 * Each of its parts (a hash level per key prefix, a sorted level per prefix, the whole-index order) is
 * built from the collection's documents the first time a query needs it, and kept in step from then on.
 * Most queries use one or two parts of an index: building all of them for every index at start-up cost
 * half a minute and gigabytes at 100k stories (a level of 100k one-document groups for each deeper
 * prefix of a compound index), for parts nothing ever read.
 */
export class SecondaryIndex {
  readonly fields: string[];
  /**
   * One hash map per key prefix length: levels[k-1] maps the first k indexed values to the documents
   * holding them, so an equality on a leading part of a compound index is answered too, as MongoDB uses
   * index prefixes. The last level (every field) is what unique indexes check. Undefined: not built yet.
   */
  private readonly levels: Array<Map<string, Set<string>> | undefined>;
  /**
   * Beside each built hash level, the same groups' members that are in another group of that level too
   * (a story about two services): what an exact count of a union of groups must not count twice. Only
   * multikey documents are here, so a union is counted from the groups' sizes and these few.
   */
  private readonly sharedLevels: Array<Map<string, Set<string>> | undefined>;
  /**
   * For compound indexes, orderedLevels[k-1] keeps each prefix group of k values sorted by the
   * remaining fields, so a query that pins the prefix and sorts by the rest reads only what it returns.
   */
  private readonly orderedLevels: Array<Map<string, OrderedGroup> | undefined>;
  /**
   * Every entry sorted by all the index's fields, for "sorted by the leading field, first N" with no
   * equality at all (the newest `updatedAt`, say). Null for good once a document has several keys
   * (multikey): such an index cannot give a sort order, and its entries would be many. Undefined: not
   * built yet.
   */
  private wholeIndexOrder: OrderedGroup | null | undefined;
  /**
   * Fields holding an array in some document: sorting by them does not follow index order. Complete
   * once any part is built (a build reads every document; from then on every change is added).
   */
  private readonly multikeyFields = new Set<string>();
  private readonly partialFilter?: Query;
  /**
   * The top-level fields a build reads of each document (undefined: all of them, for a partial index's
   * filter), so documents still encoded are decoded only that far.
   */
  private readonly fieldsRead?: ReadonlySet<string>;

  constructor(
    readonly spec: IndexSpec,
    private readonly namespace: string,
    /** The collection's documents by `_id` key, which parts are built from. */
    private readonly documents: DocumentMap,
  ) {
    this.fields = Object.keys(spec.key);
    this.levels = this.fields.map(() => undefined);
    this.sharedLevels = this.fields.map(() => undefined);
    this.orderedLevels = this.fields.slice(1).map(() => undefined);
    if (spec.partialFilterExpression) this.partialFilter = compileFilter(spec.partialFilterExpression);
    else this.fieldsRead = new Set(this.fields.map((field) => field.split('.')[0]!));
  }

  get name(): string {
    return this.spec.name;
  }

  /** Sparse and partial indexes leave some documents out, so they cannot answer every equality query. */
  get coversEveryDocument(): boolean {
    return !this.spec.sparse && !this.partialFilter;
  }

  /** Whether any part is built: until then a change has nothing to keep in step. */
  private get anyBuilt(): boolean {
    return (
      this.wholeIndexOrder !== undefined ||
      this.levels.some((level) => level !== undefined) ||
      this.orderedLevels.some((level) => level !== undefined)
    );
  }

  /**
   * Checks the documents' keys are unique (a unique index's full level is built at once, so creating one
   * over duplicates fails as MongoDB's does): call once, when the index is created over documents.
   */
  checkUnique(): void {
    if (this.spec.unique) this.level(this.fields.length);
  }

  add(idKey: string, doc: Document): void {
    if (!this.anyBuilt) return;
    const tuples = this.keyTuplesOf(doc);
    if (tuples.length > 1) this.wholeIndexOrder &&= null;
    this.levels.forEach((level, i) => {
      if (!level) return;
      const keys = distinctPrefixKeys(tuples, i + 1);
      for (const key of keys) addMember(level, key, idKey);
      if (keys.size > 1) for (const key of keys) addMember(this.sharedLevels[i]!, key, idKey);
    });
    for (const values of tuples) {
      this.wholeIndexOrder?.insert({ values, idKey });
      this.orderedLevels.forEach((level, i) => {
        if (!level) return;
        const key = prefixKey(values, i + 1);
        let group = level.get(key);
        if (!group) level.set(key, (group = new OrderedGroup(this.directionsAfter(i + 1))));
        group.insert({ values: values.slice(i + 1), idKey });
      });
    }
  }

  remove(idKey: string, doc: Document): void {
    if (!this.anyBuilt) return;
    const tuples = this.keyTuplesOf(doc);
    this.levels.forEach((level, i) => {
      if (!level) return;
      const keys = distinctPrefixKeys(tuples, i + 1);
      for (const key of keys) removeMember(level, key, idKey);
      if (keys.size > 1) for (const key of keys) removeMember(this.sharedLevels[i]!, key, idKey);
    });
    for (const values of tuples) {
      this.wholeIndexOrder?.remove({ values, idKey });
      this.orderedLevels.forEach((level, i) => {
        if (!level) return;
        const key = prefixKey(values, i + 1);
        const group = level.get(key);
        if (!group) return;
        group.remove({ values: values.slice(i + 1), idKey });
        if (group.entries.length === 0) level.delete(key);
      });
    }
  }

  /** The hash level for prefixes of `length` values, built now if no query has needed it before. */
  private level(length: number): Map<string, Set<string>> {
    let level = this.levels[length - 1];
    if (level) return level;
    level = new Map();
    const shared = new Map<string, Set<string>>();
    for (const [idKey, doc] of this.documents.readWithoutKeeping(this.fieldsRead, this.fields.length > 1)) {
      // Only the prefix's fields: a level of one field of five need not read the other four. The
      // tuples are distinct prefixes, so more than one means a member of several groups.
      const tuples = this.keyTuplesOf(doc, length);
      for (const values of tuples) {
        const key = prefixKey(values, length);
        let ids = level.get(key);
        if (!ids) level.set(key, (ids = new Set()));
        else if (this.spec.unique && length === this.fields.length && !ids.has(idKey))
          throw this.duplicateKeyError(values);
        ids.add(idKey);
        if (tuples.length > 1) addMember(shared, key, idKey);
      }
    }
    this.levels[length - 1] = level;
    this.sharedLevels[length - 1] = shared;
    return level;
  }

  /** The sorted groups for prefixes of `length` values, built now if needed (each group sorted once). */
  private orderedLevel(length: number): Map<string, OrderedGroup> {
    let level = this.orderedLevels[length - 1];
    if (level) return level;
    level = new Map();
    const unsorted = new Map<OrderedGroup, OrderedEntry[]>();
    for (const [idKey, doc] of this.documents.readWithoutKeeping(this.fieldsRead, this.fields.length > 1)) {
      for (const values of this.keyTuplesOf(doc)) {
        const key = prefixKey(values, length);
        let group = level.get(key);
        if (!group) {
          level.set(key, (group = new OrderedGroup(this.directionsAfter(length))));
          unsorted.set(group, []);
        }
        unsorted.get(group)!.push({ values: values.slice(length), idKey });
      }
    }
    for (const [group, entries] of unsorted) group.insertAll(entries);
    this.orderedLevels[length - 1] = level;
    return level;
  }

  /** Every entry in index order, built now if needed; null for a multikey index. */
  private wholeOrder(): OrderedGroup | null {
    if (this.wholeIndexOrder !== undefined) return this.wholeIndexOrder;
    const entries: OrderedEntry[] = [];
    let multikey = false;
    for (const [idKey, doc] of this.documents.readWithoutKeeping(this.fieldsRead, this.fields.length > 1)) {
      const tuples = this.keyTuplesOf(doc);
      if (tuples.length > 1) multikey = true;
      if (!multikey) for (const values of tuples) entries.push({ values, idKey });
    }
    if (multikey) return (this.wholeIndexOrder = null);
    const order = new OrderedGroup(this.directionsAfter(0));
    order.insertAll(entries);
    return (this.wholeIndexOrder = order);
  }

  /**
   * `_id` keys in `sort` order for documents whose leading fields equal one of the combinations, when
   * this index can give that order (the sort names the fields right after the prefix, all in the
   * index's direction or all against it, none of them multikey); otherwise undefined.
   */
  orderedLookup(
    valueCombinations: unknown[][],
    sort: Array<[string, number]>,
    bound?: Bound,
  ): Iterable<string> | undefined {
    const prefixLength = valueCombinations[0]?.length ?? 0;
    const backwards = this.orderAgainst(prefixLength, sort);
    if (backwards === undefined) return undefined;
    // The order fits the sort: build what reads it (a build is also what finds the multikey fields).
    const whole = prefixLength === 0 ? this.wholeOrder() : undefined;
    const level = prefixLength === 0 ? undefined : this.orderedLevel(prefixLength);
    if (prefixLength === 0 && !whole) return undefined;
    if (sort.some(([field]) => this.multikeyFields.has(field))) return undefined;
    if (!level) return mergeGroups([whole!], backwards, bound);
    const groups = valueCombinations
      .map((values) => level.get(prefixKey(values, prefixLength)))
      .filter((group): group is OrderedGroup => group !== undefined);
    return mergeGroups(groups, backwards, bound);
  }

  /**
   * Whether this index's order, after a prefix of `prefixLength` equal fields, can give `sort`: true
   * when read backwards, false forwards, undefined when it cannot (other fields, mixed directions, or a
   * sorted field known to hold arrays). Reads no entries and builds nothing, so the planner can cost
   * every candidate and build only the one it reads.
   */
  orderAgainst(prefixLength: number, sort: Array<[string, number]>): boolean | undefined {
    if (prefixLength >= this.fields.length) return undefined;
    if (sort.length === 0 || prefixLength + sort.length > this.fields.length) return undefined;
    const directions = this.directionsAfter(prefixLength);
    let backwards: boolean | undefined;
    for (let i = 0; i < sort.length; i++) {
      const [field, direction] = sort[i]!;
      if (field !== this.fields[prefixLength + i] || this.multikeyFields.has(field)) return undefined;
      const against = direction !== directions[i];
      if (backwards !== undefined && backwards !== against) return undefined;
      backwards = against;
    }
    if (prefixLength === 0 && this.wholeIndexOrder === null) return undefined;
    return backwards;
  }

  private directionsAfter(prefixLength: number): number[] {
    return this.fields.slice(prefixLength).map((field) => (this.spec.key[field]! < 0 ? -1 : 1));
  }

  /** Throws MongoDB's duplicate key error if `doc` would collide with a document other than `idKey`. */
  assertUnique(idKey: string, doc: Document): void {
    if (!this.spec.unique) return;
    const level = this.level(this.fields.length);
    for (const values of this.keyTuplesOf(doc)) {
      const holders = level.get(prefixKey(values, values.length));
      if (holders && (holders.size > 1 || !holders.has(idKey))) throw this.duplicateKeyError(values);
    }
  }

  private duplicateKeyError(values: unknown[]): Error {
    const keyValue: Document = {};
    this.fields.forEach((field, i) => (keyValue[field] = values[i] === MISSING ? null : values[i]));
    return duplicateKey(this.namespace, this.name, this.spec.key, keyValue);
  }

  /**
   * `_id` keys of documents whose leading indexed fields equal one of the given value combinations
   * (all combinations have the same length: how many leading fields the query pins down).
   */
  /** How many entries the combinations hold (an upper bound on the documents a lookup returns). */
  count(valueCombinations: unknown[][]): number {
    let total = 0;
    for (const values of valueCombinations) {
      total += this.level(values.length).get(prefixKey(values, values.length))?.size ?? 0;
    }
    return total;
  }

  /**
   * How many documents the combinations' groups hold between them, each counted once: the groups' sizes,
   * less the repeats among the members that are in several of them (multikey documents). Reads no group
   * whole, so it costs the number of combinations and of such members, not of the documents counted.
   */
  countUnion(valueCombinations: unknown[][]): number {
    const length = valueCombinations[0]?.length ?? 0;
    if (length === 0) return 0;
    const level = this.level(length);
    const shared = this.sharedLevels[length - 1]!;
    const keys = new Set(valueCombinations.map((values) => prefixKey(values, length)));
    let total = 0;
    const groupsHolding = new Map<string, number>();
    for (const key of keys) {
      total += level.get(key)?.size ?? 0;
      for (const idKey of shared.get(key) ?? [])
        groupsHolding.set(idKey, (groupsHolding.get(idKey) ?? 0) + 1);
    }
    for (const groups of groupsHolding.values()) total -= groups - 1;
    return total;
  }

  /** The UTF-8 bytes of every entry: its key and the `_id` key it points to (see Collection.indexSizes). */
  entryBytes(): number {
    let bytes = 0;
    for (const [key, ids] of this.level(this.fields.length)) {
      const keyBytes = Buffer.byteLength(key);
      for (const idKey of ids) bytes += keyBytes + Buffer.byteLength(idKey);
    }
    return bytes;
  }

  /** Whether some document holds an array in an indexed field (MongoDB's isMultiKey in explain). */
  get isMultiKey(): boolean {
    // The full level reads every field of every document: what finds them all.
    this.level(this.fields.length);
    return this.multikeyFields.size > 0;
  }

  /**
   * The index's own sets of `_id` keys for each combination (those with any entries), not copied: for
   * counting without building a union. Read them; never change them.
   */
  entrySets(valueCombinations: unknown[][]): ReadonlySet<string>[] {
    return valueCombinations
      .map((values) => this.level(values.length).get(prefixKey(values, values.length)))
      .filter((ids): ids is Set<string> => ids !== undefined);
  }

  lookup(valueCombinations: unknown[][]): Set<string> {
    const sets = this.entrySets(valueCombinations);
    return new Set(sets.length === 1 ? sets[0] : sets.flatMap((ids) => [...ids]));
  }

  /**
   * The document's distinct index keys, each as its values in index field order (none: left out), of
   * the first `fieldCount` fields only when fewer are asked for (a sparse index reads them all: it leaves
   * out only documents missing every field).
   */
  private keyTuplesOf(doc: Document, fieldCount = this.fields.length): unknown[][] {
    if (this.partialFilter && !this.partialFilter.test(doc)) return [];
    const fields =
      this.spec.sparse || fieldCount >= this.fields.length ? this.fields : this.fields.slice(0, fieldCount);
    const perField = fields.map((field) => valuesAtPath(doc, field));
    let singleKey = true;
    perField.forEach((values, i) => {
      if (values.length > 1 || Array.isArray(values[0])) {
        this.multikeyFields.add(this.fields[i]!);
        singleKey = false;
      }
    });
    if (this.spec.sparse && perField.every((values) => values.every((value) => value === MISSING))) return [];
    // Most documents have one value per field, so one key: no combinations to make or tell apart.
    if (singleKey) return [perField.map((values) => values[0])];
    if (fields.length > fieldCount) return dedupePrefixes(this.combinations(perField), fieldCount);
    return this.combinations(perField);
  }

  /** Every combination of one value per field, distinct values only (a multikey document's keys). */
  private combinations(perField: unknown[][]): unknown[][] {
    let combinations: unknown[][] = [[]];
    for (const values of perField) {
      if (values.length === 1) {
        // One value (the usual case for all but the array field): nothing to tell apart or multiply.
        for (const prefix of combinations) prefix.push(values[0]);
        continue;
      }
      const distinct = [...new Map(values.map((value) => [valueKey(value), value])).values()];
      combinations = combinations.flatMap((prefix) => distinct.map((value) => [...prefix, value]));
      if (combinations.length > MAX_KEYS_PER_DOCUMENT) {
        throw badValue(`too many index keys for index ${this.name} in one document`);
      }
    }
    return combinations;
  }
}

/** The distinct first-`length` prefixes of `tuples` (a sparse index's tuples hold every field). */
function dedupePrefixes(tuples: unknown[][], length: number): unknown[][] {
  const distinct = new Map<string, unknown[]>();
  for (const values of tuples) distinct.set(prefixKey(values, length), values.slice(0, length));
  return [...distinct.values()];
}

/** The distinct keys of `tuples`' first `length` values: the groups of that level a document is in. */
function distinctPrefixKeys(tuples: unknown[][], length: number): Set<string> {
  return new Set(tuples.map((values) => prefixKey(values, length)));
}

function addMember(groups: Map<string, Set<string>>, key: string, idKey: string): void {
  let ids = groups.get(key);
  if (!ids) groups.set(key, (ids = new Set()));
  ids.add(idKey);
}

function removeMember(groups: Map<string, Set<string>>, key: string, idKey: string): void {
  const ids = groups.get(key);
  if (!ids) return;
  ids.delete(idKey);
  if (ids.size === 0) groups.delete(key);
}

function prefixKey(values: unknown[], length: number): string {
  let key = valueKey(values[0]);
  for (let i = 1; i < length; i++) key += SEPARATOR + valueKey(values[i]);
  return key;
}

/** Validates a createIndexes entry and returns the normalised spec, refusing what we cannot honour. */
export function normaliseIndexSpec(raw: Document): IndexSpec {
  const allowed = new Set([
    'key',
    'name',
    'unique',
    'sparse',
    'expireAfterSeconds',
    'partialFilterExpression',
    'background',
    'v',
  ]);
  for (const option of Object.keys(raw)) {
    if (!allowed.has(option)) throw notSupported(`index option '${option}'`);
  }
  const key = raw.key as Document | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0)
    throw badValue('index key pattern is required');
  for (const [field, direction] of Object.entries(key)) {
    if (direction !== 1 && direction !== -1) {
      throw notSupported(
        `index type ${JSON.stringify(direction)} on field '${field}' (only 1 and -1 indexes)`,
      );
    }
  }
  const name = typeof raw.name === 'string' ? raw.name : defaultIndexName(key);
  const spec: IndexSpec = { v: 2, key: { ...key } as Record<string, number>, name };
  if (raw.unique) spec.unique = true;
  if (raw.sparse) spec.sparse = true;
  if (raw.expireAfterSeconds !== undefined) {
    if (typeof raw.expireAfterSeconds !== 'number' || raw.expireAfterSeconds < 0) {
      throw badValue('expireAfterSeconds must be a non-negative number');
    }
    if (Object.keys(key).length !== 1) throw badValue('TTL indexes are single-field indexes');
    spec.expireAfterSeconds = raw.expireAfterSeconds;
  }
  if (raw.partialFilterExpression !== undefined)
    spec.partialFilterExpression = raw.partialFilterExpression as Document;
  return spec;
}

export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}
