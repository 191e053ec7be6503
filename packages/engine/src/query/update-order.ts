import type { Document } from 'bson';

/** One operator applied to one path: the unit MongoDB orders an update by. */
export interface PathOperation {
  operator: string;
  path: string;
  argument: unknown;
}

/**
 * An update's operations in the order MongoDB applies them: by path, field names compared
 * lexicographically and numeric names numerically, whatever operator each belongs to. The order shows:
 * fields an update creates are appended to their document in it ({$set: {b: 1, a: 1}} adds a, then b).
 * A $rename takes its place by the field it creates.
 */
export function inApplicationOrder(operators: Document): PathOperation[] {
  const operations: Array<PathOperation & { key: string[] }> = [];
  for (const [operator, fields] of Object.entries(operators)) {
    for (const [path, argument] of Object.entries(fields as Document)) {
      const created = operator === '$rename' && typeof argument === 'string' ? argument : path;
      operations.push({ operator, path, argument, key: created.split('.') });
    }
  }
  operations.sort((a, b) => comparePaths(a.key, b.key));
  return operations.map(({ operator, path, argument }) => ({ operator, path, argument }));
}

function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareFieldNames(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareFieldNames(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const [left, right] = [BigInt(a), BigInt(b)];
    if (left !== right) return left < right ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
