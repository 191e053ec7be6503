import { expect } from 'chai';
import { compileFilter } from '../src/query/filter.js';
import { ENGINE_QUERY_OPTIONS } from '../src/query/mingo-context.js';

// Queries share one prebuilt set of mingo options (mingo-context.ts): without it every find and update
// pays for a copy of mingo's whole operator context. Answers are covered by the conformance tests; this
// is the guard that a mingo upgrade has not quietly put the engine back on the slow path.
describe('compiled queries', () => {
  it('share the prebuilt options, so a query does not copy every operator table', () => {
    expect(ENGINE_QUERY_OPTIONS, 'mingo ComputeOptions found').to.not.equal(undefined);
  });

  it('keep their own conditions when they share options', () => {
    const adults = compileFilter({ $expr: { $gte: ['$age', 18] } });
    const named = compileFilter({ name: 'alice' });
    expect(adults.test({ name: 'bob', age: 40 })).to.equal(true);
    expect(named.test({ name: 'bob', age: 40 })).to.equal(false);
    expect(adults.test({ name: 'alice', age: 4 })).to.equal(false);
    expect(named.test({ name: 'alice', age: 4 })).to.equal(true);
  });

  it('still take let variables, which the shared options do not carry', () => {
    const older = compileFilter({ $expr: { $gt: ['$age', '$$limit'] } }, { limit: 30 });
    expect(older.test({ age: 40 })).to.equal(true);
    expect(older.test({ age: 20 })).to.equal(false);
    expect(compileFilter({ $expr: { $gt: ['$age', '$$limit'] } }, { limit: 50 }).test({ age: 40 })).to.equal(
      false,
    );
  });
});
