import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { badValue, failedToParse, notSupported } from '../errors.js';
import { asBadValue, assertSupportedOperators, mingoOptions, normaliseExpression } from '../query/filter.js';
import { findDocuments, idFirst } from '../query/find.js';
import { assertHint } from '../query/hint.js';
import { cloneWithTypes, hasTypedLeaves, typedOf } from '../numbers/typed-values.js';
import { copiedFieldsOf, literalFieldsOf, resultTypesOf, typeStageOutput } from '../numbers/stage-types.js';
import { withTypedSums } from '../query/type-operators.js';
import { optionalDocument, requiredArray, type CommandContext, type CommandDefinition } from './context.js';

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
  $collStats: '$collStats',
  $indexStats: '$indexStats',
  $currentOp: '$currentOp',
  $listSessions: '$listSessions',
  $listLocalSessions: '$listLocalSessions',
  $planCacheStats: '$planCacheStats',
  $documents: '$documents',
  $unionWith: '$unionWith',
  $graphLookup: '$graphLookup',
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
    if (typeof command.aggregate !== 'string') throw notSupported('database-level aggregate (aggregate: 1)');
    const coll = command.aggregate;
    if (command.explain) throw notSupported('explain');
    if (command.collation !== undefined) throw notSupported('collation');
    const cursorOptions = optionalDocument(command, 'cursor');
    if (!cursorOptions)
      throw failedToParse("The 'cursor' option is required, except for aggregate with the explain argument");
    const pipeline = requiredArray(command, 'pipeline') as Document[];
    const variables = optionalDocument(command, 'let');
    assertHint(context.store.collection(context.db, coll), command.hint);
    const results = runPipeline(context, coll, pipeline, variables);
    const namespace = `${context.db}.${coll}`;
    const batch = context.cursors.firstBatch(
      namespace,
      results,
      cursorOptions.batchSize as number | undefined,
    );
    return { cursor: { firstBatch: batch.documents, id: batch.cursorId, ns: namespace }, ok: 1 };
  },
};

function runPipeline(
  context: CommandContext,
  coll: string,
  pipeline: Document[],
  variables?: Document,
): Document[] {
  for (const stage of pipeline) {
    const name = stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
    if (!name || Object.keys(stage).length !== 1) {
      throw badValue('A pipeline stage specification object must contain exactly one field.');
    }
    if (REFUSED_STAGES[name]) throw notSupported(REFUSED_STAGES[name]);
  }
  assertSupportedOperators(pipeline);
  // Whole-number doubles and longs written in a stage; normalising copies the stages, losing their twins.
  const typedStages = pipeline.map((stage) => hasTypedLeaves(stage));
  const typedVariables = hasTypedLeaves(variables);
  pipeline = normaliseExpression(pipeline);

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
  // mingo's stages change their input documents in place, so they get copies, never the stored objects.
  const input = findDocuments(collection, { filter, variables, sort, limit }).map(cloneWithTypes);
  if (rest.length === 0) return input;
  let lookedUpTyped = false;
  const collectionResolver = (name: string) => {
    const documents = [...(context.store.collection(context.db, name)?.documents.values() ?? [])];
    lookedUpTyped ||= documents.some(hasTypedLeaves);
    return documents.map(cloneWithTypes);
  };
  const options = { ...mingoOptions(variables), collectionResolver };
  let documents = input;
  rest.forEach((stage, i) => {
    const name = Object.keys(stage)[0]!;
    const run = () => asBadValue(() => new Aggregator([stage], options).run(documents) as Document[]);
    // These only choose and order documents: what comes out is what went in, twins and all.
    if (PASS_THROUGH_STAGES.has(name)) {
      documents = run();
      return;
    }
    if (typedStages[firstOther + i + (sort ? 1 : 0) + (limit !== undefined ? 1 : 0)] || typedVariables)
      throw notSupported(`${name} with whole-number double or 64-bit integer literals`);
    const typedBefore = documents.map(typedOf);
    const typedInput = documents.map(hasTypedLeaves);
    // _id goes first before typing: reordering later would make a new document without its twin.
    const output = (TYPED_SUM_STAGES.has(name) ? withTypedSums(run) : run()).map(idFirst);
    documents = typeOutputs(name, stage[name], output, typedBefore, typedInput, lookedUpTyped);
  });
  return documents.map(idFirst);
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
