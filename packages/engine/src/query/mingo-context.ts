import type { Document } from 'bson';
import { Context } from 'mingo';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Lazy, type Iterator as LazyIterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { badValue } from '../errors.js';
import { sortDocuments } from './sort.js';
import { $all, $eq, $in, $ne, $nin } from './equality-operators.js';
import * as engineExpressionOperators from './expression-operators.js';
import { $bucket } from './bucket.js';
import { $sum, $type, $typeExpression } from './type-operators.js';
import { $median, $medianExpression, $percentile, $percentileExpression } from './percentiles.js';

type PipelineOperator = (collection: LazyIterator, expression: unknown) => LazyIterator;
type ContextOperators = NonNullable<Parameters<typeof Context.init>[0]>;
type PipelineOperators = NonNullable<ContextOperators['pipeline']>;
type QueryOperators = NonNullable<ContextOperators['query']>;
type ExpressionOperators = NonNullable<ContextOperators['expression']>;
type AccumulatorOperators = NonNullable<ContextOperators['accumulator']>;

/** MongoDB orders mixed types in BSON order and sorts an array by its min (asc) or max (desc) element. */
const $sort: PipelineOperator = (collection, spec) =>
  collection.transform((documents: unknown[]) =>
    Lazy(sortDocuments(documents as Document[], spec as Document)),
  );

/** MongoDB's $count over no documents yields no document at all, not a count of 0. */
const $count: PipelineOperator = (collection, field) => {
  if (typeof field !== 'string' || !field || field.startsWith('$') || field.includes('.')) {
    throw badValue('the count field must be a non-empty string without $ or dots');
  }
  return collection.transform((documents: unknown[]) =>
    Lazy(documents.length ? [{ [field]: documents.length }] : []),
  );
};

const pipelineStages = { ...pipelineOperators, $sort, $count, $bucket };

/** Every aggregation stage the engine can run (some are refused before they run: aggregate.ts). */
export const PIPELINE_STAGE_NAMES: ReadonlySet<string> = new Set(Object.keys(pipelineStages));

/**
 * mingo's full operator set, except where its behaviour differs from MongoDB's: there the engine's own
 * operator is used. A context given in options only adds operators (mingo keeps the first definition),
 * so the engine builds the whole context itself and every caller uses it.
 */
export const ENGINE_CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators, $sum, $median, $percentile } as unknown as AccumulatorOperators,
  expression: {
    ...expressionOperators,
    ...engineExpressionOperators,
    $type: $typeExpression,
    $median: $medianExpression,
    $percentile: $percentileExpression,
  } as unknown as ExpressionOperators,
  pipeline: pipelineStages as unknown as PipelineOperators,
  projection: projectionOperators,
  query: { ...queryOperators, $eq, $ne, $in, $nin, $all, $type } as unknown as QueryOperators,
  window: windowOperators,
});

/** What `new Query(condition, options)` takes; mingo's ComputeOptions is one. */
type QueryOptions = NonNullable<ConstructorParameters<typeof import('mingo').Query>[1]>;

/**
 * Every Query the engine compiles without `let` variables shares these options, as an instance of
 * mingo's own ComputeOptions. Given plain options, mingo copies the whole context (every operator
 * table, some hundreds of entries) into each new Query: 38 µs of a 45 µs compile, on every find,
 * update and projection. Given a ComputeOptions it copies only the per-query locals (7 µs). Queries
 * only read the context (the update and aggregation paths, which add operators to theirs, keep plain
 * options). mingo does not export the class, so it is taken from mingo's own module beside
 * `mingo/core`; should a later mingo move it, this is undefined and queries take plain options:
 * slower, the same answers.
 */
export const ENGINE_QUERY_OPTIONS: QueryOptions | undefined = (() => {
  try {
    const require = createRequire(import.meta.url);
    const internal = require(join(dirname(require.resolve('mingo/core')), '_internal.js')) as {
      ComputeOptions?: { init(options: QueryOptions): QueryOptions };
    };
    return internal.ComputeOptions?.init({
      useStrictMode: true,
      scriptEnabled: false,
      context: ENGINE_CONTEXT,
    });
  } catch {
    return undefined;
  }
})();
