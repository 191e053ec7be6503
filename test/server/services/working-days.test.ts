import { expect } from 'chai';
import { endOfWorkingDays, isWorkingDay } from '../../../server/services/working-days.js';

describe('working days (Scotland)', () => {
  it('skips weekends: opened on a Friday afternoon, two working days close at the end of Tuesday', () => {
    expect(endOfWorkingDays(new Date('2026-12-04T15:30:00Z'), 2).toISOString()).to.equal(
      '2026-12-09T00:00:00.000Z',
    );
  });

  it('skips St Andrew’s Day, a Scottish bank holiday that England does not have', () => {
    expect(isWorkingDay(new Date('2026-11-30T12:00:00Z'))).to.equal(false);
    // Opened on Friday 27 November: Monday 30 is a holiday, so one working day is Tuesday 1 December.
    expect(endOfWorkingDays(new Date('2026-11-27T09:00:00Z'), 1).toISOString()).to.equal(
      '2026-12-02T00:00:00.000Z',
    );
  });

  it('skips Christmas, Boxing Day (and its substitute) and Scotland’s 2nd of January', () => {
    // Thursday 24 December 2026 + 2 working days: 25, 26–27 (weekend), 28 (substitute) are off.
    expect(endOfWorkingDays(new Date('2026-12-24T10:00:00Z'), 2).toISOString()).to.equal(
      '2026-12-31T00:00:00.000Z',
    );
    expect(isWorkingDay(new Date('2027-01-02T10:00:00Z'))).to.equal(false);
  });

  it('counts Mother’s Day and other observances as ordinary days (a Sunday is still off)', () => {
    expect(isWorkingDay(new Date('2026-03-16T10:00:00Z'))).to.equal(true);
  });
});
