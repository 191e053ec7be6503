import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { badValue, notSupported } from '../errors.js';
import { compareBson } from './sort.js';

/**
 * Aggregation expression operators whose mingo versions answer differently from MongoDB's: comparisons
 * must order values of different types in BSON order ("n/a" > 4), and $week counts Sunday-started weeks
 * with days before the first Sunday in week 0 (strftime's %U).
 */
type ExpressionOperator = (doc: Document, expression: unknown, options: unknown) => unknown;

function comparison(decide: (order: number) => boolean | number): ExpressionOperator {
  return (doc, expression, options) => {
    if (!Array.isArray(expression) || expression.length !== 2)
      throw badValue('comparison operators take exactly 2 arguments');
    const [left, right] = evalExpr(doc, expression, options as never) as unknown[];
    return decide(compareBson(left ?? null, right ?? null));
  };
}

export const $cmp = comparison((order) => order);
export const $eq = comparison((order) => order === 0);
export const $ne = comparison((order) => order !== 0);
export const $gt = comparison((order) => order > 0);
export const $gte = comparison((order) => order >= 0);
export const $lt = comparison((order) => order < 0);
export const $lte = comparison((order) => order <= 0);

export const $week: ExpressionOperator = (doc, expression, options) => {
  let dateExpression = expression;
  if (typeof expression === 'object' && expression !== null && 'date' in expression) {
    const { date, timezone } = expression as Document;
    if (timezone !== undefined && timezone !== 'UTC' && timezone !== 'GMT' && timezone !== 'Z') {
      throw notSupported('$week with a timezone');
    }
    dateExpression = date;
  }
  const value = evalExpr(doc, dateExpression, options as never);
  if (value === null || value === undefined) return null;
  if (!(value instanceof Date)) throw badValue(`can't convert from BSON type ${typeof value} to Date`);
  const startOfYear = Date.UTC(value.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((value.getTime() - startOfYear) / 86_400_000);
  const weekdayOfFirstDay = new Date(startOfYear).getUTCDay();
  return Math.floor((dayOfYear + weekdayOfFirstDay) / 7);
};
