import type { Document } from 'bson';
import { Context } from 'mingo';
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
