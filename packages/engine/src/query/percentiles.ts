import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { $push } from 'mingo/operators/accumulator';
import { badValue, CommandError, notSupported } from '../errors.js';

/**
 * `$percentile` and `$median` as MongoDB 7.0 computes them; mingo's versions sort numbers as text.
 *
 * As expressions MongoDB always takes the discrete percentile of the array: the value of rank
 * max(0, ceil(p * n) - 1) among the sorted numbers. As accumulators ($group) it
 * builds a t-digest (compaction delta >= 100) and, for 0 < p < 1, answers with the mean of the centroid
 * holding that rank, which is exactly that value while every centroid holds a single input. Its merge
 * lets a centroid grow past one input only once 2n/delta >= 2, i.e. never for fewer than 100 finite
 * inputs, so below that the accumulator is exact too; from 100 inputs on MongoDB's answer depends on
 * the digest's interpolation and the engine refuses rather than return another number.
 * The documented examples (testScores, 5 values) are in test/percentiles.test.ts.
 */
const MAX_EXACT_ACCUMULATOR_INPUTS = 100;

interface PercentileSpec {
  input: unknown;
  ps: number[];
}

type Operator = '$percentile' | '$median';

export const $percentile = accumulator('$percentile');
export const $median = accumulator('$median');
export const $percentileExpression = expression('$percentile');
export const $medianExpression = expression('$median');

function accumulator(operator: Operator) {
  return (documents: Document[], spec: unknown, options: unknown): unknown => {
    const { input, ps } = parseSpec(operator, spec);
    const values = numericValues($push(documents, input, options as never) as unknown[]);
    const finite = values.filter(Number.isFinite).length;
    if (finite >= MAX_EXACT_ACCUMULATOR_INPUTS)
      throw notSupported(
        `${operator} as an accumulator over ${MAX_EXACT_ACCUMULATOR_INPUTS} or more values (MongoDB answers from an approximate t-digest)`,
      );
    // The digest starts its maximum at the smallest positive double, so MongoDB 7.0 answers p = 1.0
    // with that, not the data, when no input is above zero.
    if (ps.some((p) => p >= 1) && values.length > 0 && values[values.length - 1]! <= 0)
      throw notSupported(`${operator} with p = 1.0 over values that are all zero or negative`);
    return result(operator, ps, values);
  };
}

function expression(operator: Operator) {
  const asAccumulator = accumulator(operator);
  return (doc: Document, spec: unknown, options: unknown): unknown => {
    // mingo's $group hands accumulators the group's documents through the expression operator.
    if (Array.isArray(doc)) return asAccumulator(doc, spec, options);
    const { input, ps } = parseSpec(operator, spec);
    const evaluated = evalExpr(doc, input, options as never);
    // MongoDB: a single number is every percentile of itself; anything else but an array has none.
    const inputs = typeof evaluated === 'number' ? [evaluated] : Array.isArray(evaluated) ? evaluated : [];
    if (inputs.some((value) => Number.isNaN(value)))
      throw notSupported(`${operator} as an expression over NaN`);
    return result(operator, ps, numericValues(inputs));
  };
}

function result(operator: Operator, ps: number[], sorted: number[]): unknown {
  const percentiles = ps.map((p) => discretePercentile(sorted, p));
  return operator === '$median' ? percentiles[0] : percentiles;
}

/** MongoDB's discrete percentile (DiscretePercentile::computeTrueRank); null when there is no number. */
function discretePercentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (p >= 1) return sorted[sorted.length - 1]!;
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)]!;
}

/** The numbers among the inputs, ascending; NaN, booleans and other types are ignored, as by MongoDB. */
function numericValues(inputs: unknown[]): number[] {
  return inputs
    .filter((value): value is number => typeof value === 'number' && !Number.isNaN(value))
    .sort((a, b) => a - b);
}

function parseSpec(operator: Operator, spec: unknown): PercentileSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new CommandError(
      operator === '$percentile' ? 7436200 : 7436100,
      operator === '$percentile' ? 'Location7436200' : 'Location7436100',
      `specification must be an object; found ${operator}: ${JSON.stringify(spec)}`,
    );
  const fields = spec as Document;
  const allowed = operator === '$median' ? ['input', 'method'] : ['input', 'p', 'method'];
  for (const field of Object.keys(fields)) {
    if (!allowed.includes(field))
      throw new CommandError(
        40415,
        'Location40415',
        `BSON field '${operator}.${field}' is an unknown field.`,
      );
  }
  for (const field of allowed) {
    if (fields[field] === undefined)
      throw new CommandError(
        40414,
        'Location40414',
        `BSON field '${operator}.${field}' is missing but a required field`,
      );
  }
  if (fields.method !== 'approximate')
    throw badValue("Currently only 'approximate' can be used as percentile 'method'.");
  return { input: fields.input, ps: operator === '$median' ? [0.5] : parsePs(fields.p) };
}

function parsePs(p: unknown): number[] {
  if (typeof p === 'object' && p !== null && !Array.isArray(p))
    throw notSupported("$percentile 'p' given as an expression rather than an array of numbers");
  if (!Array.isArray(p) || p.length === 0)
    throw new CommandError(
      7750301,
      'Location7750301',
      `The $percentile 'p' field must be an array of numbers from [0.0, 1.0], but found: ${JSON.stringify(p)}`,
    );
  return p.map((value: unknown) => {
    if (typeof value === 'object' && value !== null)
      throw notSupported("$percentile 'p' given as an expression rather than numbers");
    if (typeof value !== 'number')
      throw new CommandError(
        7750302,
        'Location7750302',
        `The $percentile 'p' field must be an array of numbers from [0.0, 1.0], but found: ${String(value)}`,
      );
    if (!(value >= 0 && value <= 1))
      throw new CommandError(
        7750303,
        'Location7750303',
        `The $percentile 'p' field must be an array of numbers from [0.0, 1.0], but found: ${String(value)}`,
      );
    return value;
  });
}
