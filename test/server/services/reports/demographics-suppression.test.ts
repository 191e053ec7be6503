import { expect } from 'chai';
import { lastWholeQuarter, suppressGroups } from '../../../../server/services/reports/demographics.js';

/** Groups named a, b, c… with these counts, in that order. */
const groups = (...counts: number[]) =>
  counts.map((stories, index) => ({ value: String.fromCharCode(97 + index), stories }));
const shownCounts = (...counts: number[]) => suppressGroups(groups(...counts)).map((group) => group.stories);

describe('reports: which demographic groups are withheld', function () {
  it('shows every group when each holds more than 10 stories', () => {
    expect(shownCounts(30, 12, 11)).to.deep.equal([30, 12, 11]);
  });

  it('withholds a group of 10 or fewer, and the next smallest with it', () => {
    expect(shownCounts(30, 12, 10, 40)).to.deep.equal([30, null, null, 40]);
  });

  it('withholds empty groups, and then a real one, so "nobody else" is not told by the total', () => {
    expect(shownCounts(20, 0, 15)).to.deep.equal([20, null, null]);
  });

  it('stops once the withheld groups hold more than 10 together', () => {
    expect(shownCounts(50, 6, 6, 30)).to.deep.equal([50, null, null, 30]);
  });

  it('withholds everything when the whole breakdown holds 10 stories or fewer', () => {
    expect(shownCounts(4, 3, 3)).to.deep.equal([null, null, null]);
  });

  it('withholds the later of two equally small groups', () => {
    expect(shownCounts(40, 12, 12, 2)).to.deep.equal([40, 12, null, null]);
  });

  it('never lets the total minus the shown groups be 1 to 10 (unless none is shown), on thousands of made-up breakdowns', () => {
    // A fixed linear congruential sequence: the same breakdowns on every run.
    let seed = 17;
    const next = (limit: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % limit;
    for (let run = 0; run < 5000; run += 1) {
      const counts = Array.from({ length: 2 + next(8) }, () => (next(3) === 0 ? next(11) : next(40)));
      const result = suppressGroups(groups(...counts));
      const total = counts.reduce((sum, count) => sum + count, 0);
      const shown = result.reduce((sum, group) => sum + (group.stories ?? 0), 0);
      const where = `counts ${counts.join(', ')} → ${result.map((group) => String(group.stories)).join(', ')}`;
      // With every group withheld, the total (which the report gives anyway) says nothing of any group.
      const allWithheld = result.every((group) => group.stories === null);
      expect(allWithheld || total - shown === 0 || total - shown > 10, where).to.equal(true);
      for (const group of result) if (group.stories !== null) expect(group.stories, where).to.be.above(10);
    }
  });
});

describe('reports: the quarter a demographic breakdown covers', function () {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const now = day('2026-12-07');

  it('is the last quarter that had ended by the midnight after the report’s last day', () => {
    expect(lastWholeQuarter(day('2026-04-01'), now).name).to.equal('2026-Q1');
    expect(lastWholeQuarter(day('2026-03-31'), now).name).to.equal('2025-Q4');
    expect(lastWholeQuarter(day('2026-07-15'), now).name).to.equal('2026-Q2');
  });

  it('is never a quarter still going on, whatever the period asked', () => {
    const quarter = lastWholeQuarter(day('2026-12-08'), now);
    expect(quarter.name).to.equal('2026-Q3');
    expect(quarter.start.toISOString()).to.equal('2026-07-01T00:00:00.000Z');
    expect(quarter.end.toISOString()).to.equal('2026-10-01T00:00:00.000Z');
  });

  it('crosses into the previous year from January', () => {
    expect(lastWholeQuarter(day('2026-02-10'), now).name).to.equal('2025-Q4');
  });
});
