import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { MingoError } from 'mingo/util';
import { badValue, failedToParse, locationError, notSupported } from '../errors.js';
import { asBadValue, assertSupportedOperators, mingoOptions, normaliseExpression } from '../query/filter.js';
import { findDocuments, idFirst } from '../query/find.js';
import { countFromIndex } from '../query/planner.js';
import { PIPELINE_STAGE_NAMES } from '../query/mingo-context.js';
import { assertHint } from '../query/hint.js';
import { cloneWithTypes, hasTypedLeaves, typedOf } from '../numbers/typed-values.js';
import { copiedFieldsOf, literalFieldsOf, resultTypesOf, typeStageOutput } from '../numbers/stage-types.js';
import { withTypedSums } from '../query/type-operators.js';
import { QueryTrace } from '../query/trace.js';
import { optionalDocument, requiredArray, type CommandContext, type CommandDefinition } from './context.js';
import { letVariables } from '../query/let-variables.js';
import { indexedLookup } from '../query/indexed-lookup.js';
import { currentOpDocuments, currentOpStageOptions } from './current-op.js';
import { explainReply, pipelineExplanation, verbosityOf, type PipelineTrace } from './explain-plan.js';
import { collStatsDocument } from './stats.js';

/** Stages that produce the pipeline's input themselves instead of reading the collection. */
const SOURCE_STAGES = new Set(['$collStats', '$currentOp']);
/** The namespace MongoDB gives `aggregate: 1`: `<db>.$cmd.aggregate`. */
const DATABASE_LEVEL = '$cmd.aggregate';

/**
 * Stages that write ($out, $merge) would bypass the journal; the rest need server features (change
 * streams, search, geo, statistics) the engine does not have.
 */
const REFUSED_STAGES: Record<string, string> = {
  $out: '$out',
  $merge: '$merge',
  $geoNear: '$geoNear',
  $search: '$search (Atlas Search)',
  $searchMeta: '$searchMeta (Atlas Search)',
  $vectorSearch: '$vectorSearch',
  $changeStream: 'change streams',
  $indexStats: '$indexStats',
  $listSessions: '$listSessions',
  $listLocalSessions: '$listLocalSessions',
  $planCacheStats: '$planCacheStats',
  $documents: '$documents',
  $unionWith: '$unionWith',
  $graphLookup: '$graphLookup',
  // mingo builds window functions on server-side JavaScript, which the engine never runs.
  $setWindowFields: '$setWindowFields',
};

export const aggregateCommand: CommandDefinition = {
  name: 'aggregate',
  fields: [
    'pipeline',
    'cursor',
    'explain',
    'allowDiskUse',
    'hint',
    'let',
    'collation',
    'bypassDocumentValidation',
  ],
  run: (command, context) => {
    if (command.explain !== undefined && command.explain !== false) {
      // The older form of explain: `aggregate` with `explain: true`, at queryPlanner verbosity.
      if (command.explain !== true) throw badValue("BSON field 'aggregate.explain' must be a boolean");
      const trace = aggregateWithTrace(command, context);
      return explainReply(context, command, pipelineExplanation(trace, verbosityOf('queryPlanner')));
    }
    const cursorOptions = optionalDocument(command, 'cursor');
    if (!cursorOptions)
      throw failedToParse("The 'cursor' option is required, except for aggregate with the explain argument");
    const { namespace, results } = aggregateResults(command, context);
    const batch = context.cursors.firstBatch(
      namespace,
      results,
      cursorOptions.batchSize as number | undefined,
    );
    return { cursor: { firstBatch: batch.documents, id: batch.cursorId, ns: namespace }, ok: 1 };
  },
};

/** Runs an aggregate command's pipeline; a trace (explain's) records the query and each stage. */
export function aggregateResults(
  command: Document,
  context: CommandContext,
  trace?: PipelineTrace,
): { namespace: string; results: Document[] } {
  const pipeline = requiredArray(command, 'pipeline') as Document[];
  const source = pipeline[0] ? Object.keys(pipeline[0])[0] : undefined;
  if (typeof command.aggregate !== 'string') {
    // Database-level aggregation: only $currentOp's, which needs no collection.
    if (command.aggregate !== 1 || source !== '$currentOp')
      throw notSupported('database-level aggregate (aggregate: 1) other than $currentOp');
  }
  const coll = typeof command.aggregate === 'string' ? command.aggregate : DATABASE_LEVEL;
  if (command.collation !== undefined) throw notSupported('collation');
  const variables = letVariables(command);
  if (typeof command.aggregate === 'string')
    assertHint(context.store.collection(context.db, coll), command.hint);
  const results = runPipeline(context, coll, pipeline, variables, trace);
  return { namespace: `${context.db}.${coll}`, results };
}

/** Runs an aggregate for explain, recording what it did. */
export function aggregateWithTrace(command: Document, context: CommandContext): PipelineTrace {
  const trace: PipelineTrace = {
    namespace: '',
    collectionExists: false,
    query: new QueryTrace(),
    stages: [],
  };
  const started = performance.now();
  const { namespace, results } = aggregateResults(command, context, trace);
  trace.namespace = namespace;
  trace.collectionExists =
    typeof command.aggregate === 'string' &&
    context.store.collection(context.db, command.aggregate) !== undefined;
  trace.nReturned = results.length;
  trace.elapsedMs = performance.now() - started;
  return trace;
}

function runPipeline(
  context: CommandContext,
  coll: string,
  pipeline: Document[],
  variables: Document | undefined,
  trace: PipelineTrace | undefined,
): Document[] {
  pipeline.forEach((stage, position) => {
    const name = stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
    if (!name || Object.keys(stage).length !== 1) {
      throw badValue('A pipeline stage specification object must contain exactly one field.');
    }
    if (REFUSED_STAGES[name]) throw notSupported(REFUSED_STAGES[name]);
    if (!SOURCE_STAGES.has(name) && !PIPELINE_STAGE_NAMES.has(name))
      throw locationError(40324, `Unrecognized pipeline stage name: '${name}'`);
    if (SOURCE_STAGES.has(name) && position !== 0)
      throw badValue(`${name} is only valid as the first stage in a pipeline`);
  });
  assertSupportedOperators(pipeline);
  // countDocuments, answered from an index's entries when one decides the whole filter (not for explain,
  // which shows the planner's plan).
  const counted = trace ? undefined : countedByIndex(context, coll, pipeline);
  if (counted) return counted;
  const sourceStage = pipeline[0] ? Object.keys(pipeline[0])[0]! : '';
  if (SOURCE_STAGES.has(sourceStage)) {
    const input =
      sourceStage === '$collStats'
        ? [collStatsDocument(context, coll, pipeline[0]!.$collStats)]
        : currentOpDocuments(
            context,
            currentOpStageOptions(context, coll === DATABASE_LEVEL, pipeline[0]!.$currentOp),
          );
    if (trace) trace.source = { stage: pipeline[0]!, nReturned: input.length };
    return runStages(context, pipeline.slice(1), input, variables, trace);
  }

  // Leading $match stages go through the planner so indexed equality filters do not scan.
  let firstOther = 0;
  while (firstOther < pipeline.length && pipeline[firstOther]!.$match) firstOther++;
  const leading = pipeline.slice(0, firstOther).map((stage) => stage.$match as Document);
  const filter = leading.length === 0 ? undefined : leading.length === 1 ? leading[0] : { $and: leading };
  const collection = context.store.collection(context.db, coll);
  let rest = pipeline.slice(firstOther);
  // A $sort (and $limit) right after them is the find's own sort and limit, which an index may serve.
  let sort: Document | undefined;
  let limit: number | undefined;
  if (rest[0]?.$sort) {
    sort = rest[0].$sort as Document;
    rest = rest.slice(1);
    if (typeof rest[0]?.$limit === 'number') {
      limit = rest[0].$limit;
      rest = rest.slice(1);
    }
  }
  // The filter is normalised where it is compiled; mingo's stages change their input documents in
  // place, so they get copies, never the stored objects (copies that keep pointing at the typed twins).
  const input = findDocuments(collection, { filter, variables, sort, limit }, trace?.query).map(
    cloneWithTypes,
  );
  return runStages(context, rest, input, variables, trace);
}

/**
 * The answer to the drivers' countDocuments pipeline, `[{ $match }, { $skip }?, { $limit }?, { $group: {
 * _id: 1, n: { $sum: 1 } } }]` (the skip and limit options), from an index (query/planner.ts
 * `countFromIndex`), which stops counting at skip + limit; undefined for any other pipeline or filter.
 */
function countedByIndex(context: CommandContext, coll: string, pipeline: Document[]): Document[] | undefined {
  const match = pipeline[0];
  const group = pipeline.at(-1);
  if (pipeline.length < 2 || !match?.$match || !group?.$group) return undefined;
  const between = pipeline.slice(1, -1);
  const skip = between[0] && '$skip' in between[0] ? between.shift()!.$skip : 0;
  const limit = between[0] && '$limit' in between[0] ? between.shift()!.$limit : Infinity;
  if (between.length > 0 || !isCountBound(skip) || !isCountBound(limit) || limit === 0) return undefined;
  const spec = group.$group as Document;
  const sum = spec.n as Document | undefined;
  if (
    Object.keys(spec).length !== 2 ||
    spec._id !== 1 ||
    Object.keys(sum ?? {}).length !== 1 ||
    sum?.$sum !== 1
  )
    return undefined;
  const collection = context.store.collection(context.db, coll);
  const held = collection && countFromIndex(collection, match.$match, Number(skip) + Number(limit));
  if (held === undefined) return undefined;
  const count = Math.min(Math.max(0, held - Number(skip)), Number(limit));
  return count === 0 ? [] : [{ _id: 1, n: count }];
}

/**
 * A `$skip` or `$limit` this shortcut takes as it is: a whole, non-negative number (Infinity: none). Any
 * other value goes to the stages themselves, which refuse it as MongoDB does.
 */
function isCountBound(value: unknown): boolean {
  return value === Infinity || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

/**
 * Runs the stages that follow the query or source stage; they arrive as the client sent them. Each
 * stage runs on its own so that the BSON types of its output's numbers can be settled before the
 * next one (numbers/stage-types.ts); explain also records what each returned and how long it took.
 */
function runStages(
  context: CommandContext,
  stages: Document[],
  input: Document[],
  variables: Document | undefined,
  trace: PipelineTrace | undefined,
): Document[] {
  if (stages.length === 0) return input;
  const asSent = stages;
  // Whole-number doubles and longs written in a stage; normalising copies the stages, losing their twins.
  const typedStages = stages.map((stage) => hasTypedLeaves(stage));
  stages = normaliseExpression(stages);
  let lookedUpTyped = false;
  const collectionResolver = (name: string) => {
    const documents = [...(context.store.collection(context.db, name)?.documents.values() ?? [])];
    lookedUpTyped ||= documents.some(hasTypedLeaves);
    return documents.map(cloneWithTypes);
  };
  const options = { ...mingoOptions(variables), collectionResolver };
  // An equality $lookup on an indexed foreign field reads the index, not a copy of the collection.
  const joinByIndex = (spec: unknown, documents: Document[]) =>
    indexedLookup(
      spec,
      documents,
      (name) => context.store.collection(context.db, name),
      (stored) => {
        lookedUpTyped ||= hasTypedLeaves(stored);
        return cloneWithTypes(stored);
      },
    );
  let documents = input;
  stages.forEach((stage, position) => {
    const started = performance.now();
    documents = runStage(stage, documents, options, typedStages[position]!, () => lookedUpTyped, joinByIndex);
    trace?.stages.push({
      stage: asSent[position]!,
      nReturned: documents.length,
      elapsedMs: performance.now() - started,
    });
  });
  return documents.map(idFirst);
}

/** One stage over its input, with the BSON types of its output's numbers settled. */
function runStage(
  stage: Document,
  documents: Document[],
  options: ReturnType<typeof mingoOptions>,
  typedLiterals: boolean,
  lookedUpTyped: () => boolean,
  joinByIndex: (spec: unknown, documents: Document[]) => Document[] | undefined,
): Document[] {
  const name = Object.keys(stage)[0]!;
  const run = () =>
    (name === '$lookup' ? joinByIndex(stage.$lookup, documents) : undefined) ??
    asBadValue(() => withMongoDBCodes(() => new Aggregator([stage], options).run(documents) as Document[]));
  // These only choose and order documents: what comes out is what went in, twins and all.
  if (PASS_THROUGH_STAGES.has(name)) return run();
  if (typedLiterals) throw notSupported(`${name} with whole-number double or 64-bit integer literals`);
  const typedBefore = documents.map(typedOf);
  const typedInput = documents.map(hasTypedLeaves);
  // _id goes first before typing: reordering later would make a new document without its twin.
  const output = (TYPED_SUM_STAGES.has(name) ? withTypedSums(run) : run()).map(idFirst);
  return typeOutputs(name, stage[name], output, typedBefore, typedInput, lookedUpTyped());
}

/**
 * mingo's refusals that MongoDB answers with a code of its own rather than BadValue (2), which clients
 * may test for: a new root that is not a document is 40228 there.
 */
function withMongoDBCodes<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (
      error instanceof MingoError &&
      /^\$replace(Root|With) expression must return an object$/.test(error.message)
    )
      throw locationError(40228, "'newRoot' expression must evaluate to an object");
    throw error;
  }
}

/** Stages whose $sum results go straight into output fields (query/type-operators.ts). */
const TYPED_SUM_STAGES = new Set(['$group', '$bucket', '$bucketAuto']);

/** Stages whose output documents are some of their input documents, unchanged. */
const PASS_THROUGH_STAGES = new Set(['$match', '$sort', '$skip', '$limit']);

/**
 * The output of a computing stage with each number's BSON type settled (numbers/stage-types.ts). A
 * stage that outputs one document per input (a projection) takes copied fields' types from that
 * input; others only know the types their own typed operators gave.
 */
function typeOutputs(
  name: string,
  spec: unknown,
  output: Document[],
  typedBefore: Document[],
  typedInput: boolean[],
  lookedUpTyped: boolean,
): Document[] {
  const anyTyped = lookedUpTyped || typedInput.some(Boolean);
  const resultTypes = resultTypesOf(name, spec);
  // Without typed inputs every number already has its default type, except sums and typed results.
  if (!anyTyped && !TYPED_SUM_STAGES.has(name) && resultTypes.size === 0) return output;
  const copied = copiedFieldsOf(name, spec);
  const literal = literalFieldsOf(name, spec);
  if (copied && output.length === typedBefore.length) {
    return output.map((doc, i) =>
      typedInput[i] || lookedUpTyped
        ? typeStageOutput(doc, typedBefore[i], copied, true, name, literal, resultTypes)
        : typeStageOutput(doc, undefined, () => false, false, name, literal, resultTypes),
    );
  }
  return output.map((doc) =>
    typeStageOutput(doc, undefined, () => false, anyTyped && name !== '$count', name, literal, resultTypes),
  );
}
