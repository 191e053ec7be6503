import { expect } from 'chai';
import { pluralForm } from '../../../widget/l10n/plural.js';
import { dateLocale, formatDate, formatDateTime } from '../../../widget/shared/dates.js';

/** The words the widget writes dates and counts in: plain functions, so checked here without a browser. */
describe('dates and counted phrases', () => {
  const afternoon = '2026-12-01T14:05:00.000Z';

  it('writes English dates the British way unless the page names another English', () => {
    expect(formatDate(afternoon, 'en')).to.equal('1 December 2026');
    expect(dateLocale('en', 'en')).to.equal('en-GB');
    expect(dateLocale('en', null)).to.equal('en-GB');
    expect(dateLocale('en', 'en-US')).to.equal('en-US');
    expect(formatDate(afternoon, dateLocale('en', 'en-US'))).to.equal('December 1, 2026');
    expect(dateLocale('cy', 'cy-GB')).to.equal('cy');
  });

  it('writes times on the 24-hour clock', () => {
    const written = formatDateTime(afternoon, 'en');
    expect(written).to.match(/^1 Dec 2026, \d\d:05$/);
    expect(written).not.to.match(/[AP]M/i);
    expect(formatDateTime(afternoon, 'en', false)).to.equal('1 Dec 2026');
  });

  it('picks the form a number needs in English, Welsh and Gaelic', () => {
    const en = 'one:{n} response|other:{n} responses';
    expect(pluralForm(en.replaceAll('{n}', '1'), 1, 'en')).to.equal('1 response');
    expect(pluralForm(en.replaceAll('{n}', '3'), 3, 'en')).to.equal('3 responses');
    const gd = 'one:{n} fhreagairt|two:{n} fhreagairt|few:{n} freagairtean|other:{n} freagairt';
    expect(pluralForm(gd, 5, 'gd')).to.equal('{n} freagairtean');
    expect(pluralForm(gd, 2, 'gd')).to.equal('{n} fhreagairt');
    expect(pluralForm(gd, 20, 'gd')).to.equal('{n} freagairt');
    // A catalogue naming only some forms falls back to "other"; a plain message is used as it is.
    expect(pluralForm('other:{n} ymateb', 2, 'cy')).to.equal('{n} ymateb');
    expect(pluralForm('Who is listening: nobody', 2, 'en')).to.equal('Who is listening: nobody');
  });
});
