import { expect } from 'chai';
import { cy } from '../../../server/l10n/cy.js';
import { en } from '../../../server/l10n/en.js';
import { gd } from '../../../server/l10n/gd.js';
import { chooseLanguage, fromAcceptLanguage, listIn, longDay } from '../../../server/l10n/index.js';
import { dailyDigest } from '../../../server/services/emails/daily-digest.js';
import { renderEmail } from '../../../server/services/mail/index.js';

/** Every key of a catalogue, dotted (`email.confirm.subject`), with whether it is words or a function. */
function shapeOf(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? shapeOf(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}: ${typeof value}`],
  );
}

/** Each entry's words: a string as it is, a function called with stand-ins for its arguments. */
function wordsOf(catalogue: object, prefix = ''): Map<string, string> {
  const words = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'object' && value !== null) {
      for (const [inner, text] of wordsOf(value as object, `${prefix}${key}.`)) words.set(inner, text);
    } else {
      words.set(
        `${prefix}${key}`,
        typeof value === 'function'
          ? String((value as (...args: unknown[]) => unknown)(2, 'X', 'Y', 'Z', 'W'))
          : String(value),
      );
    }
  }
  return words;
}

describe('the service’s own words in English, Welsh and Gaelic', () => {
  it('has every English key in Welsh and in Gaelic, of the same kind, and none empty', () => {
    const english = shapeOf(en);
    for (const [name, catalogue] of Object.entries({ cy, gd })) {
      expect(shapeOf(catalogue), name).to.deep.equal(english);
      for (const [key, text] of wordsOf(catalogue)) expect(text.trim(), `${name} ${key}`).not.to.equal('');
    }
  });

  it('leaves no sentence in English in the Welsh or Gaelic catalogue', () => {
    const english = wordsOf(en);
    for (const [name, catalogue] of Object.entries({ cy, gd })) {
      for (const [key, text] of wordsOf(catalogue)) {
        // Names (careloop) are the same in every language; sentences never are.
        if (text.split(' ').length > 2) expect(text, `${name} ${key}`).not.to.equal(english.get(key));
      }
    }
  });

  it('reads Accept-Language by its weights, and a link’s language before the record’s and the browser’s', () => {
    expect(fromAcceptLanguage('fr-FR, gd;q=0.8, cy;q=0.9')).to.equal('cy');
    expect(fromAcceptLanguage('en-GB,en;q=0.9')).to.equal('en');
    expect(fromAcceptLanguage('fr, de;q=0.5')).to.equal(undefined);
    expect(fromAcceptLanguage('cy;q=0, gd')).to.equal('gd');
    expect(chooseLanguage({ asked: 'gd', recorded: 'cy', acceptLanguage: 'en' })).to.equal('gd');
    expect(chooseLanguage({ asked: 'xx', recorded: 'cy', acceptLanguage: 'en' })).to.equal('cy');
    expect(chooseLanguage({ acceptLanguage: 'cy-GB' })).to.equal('cy');
    expect(chooseLanguage({})).to.equal('en');
  });

  it('writes lists and dates as each language does', () => {
    expect(listIn('en', ['A', 'B', 'C'])).to.equal('A, B and C');
    expect(listIn('cy', ['Ward 7', 'Meddygfa'])).to.equal('Ward 7 a Meddygfa');
    expect(listIn('cy', ['Ward 7', 'Ysbyty Gwynedd'])).to.equal('Ward 7 ac Ysbyty Gwynedd');
    expect(listIn('cy', ['Ward 7', 'Uned Frys'])).to.equal('Ward 7 ac Uned Frys');
    expect(listIn('gd', ['A', 'B'])).to.equal('A agus B');
    expect(longDay('en', '2026-12-01')).to.equal('Tuesday, 1 December 2026');
    expect(longDay('cy', '2026-12-01')).to.equal('ddydd Mawrth, 1 Rhagfyr 2026');
    expect(longDay('gd', '2026-12-01')).to.contain('Dùbhlachd 2026');
  });

  it('renders a Welsh email as Welsh: lang="cy", and the footer’s unsubscribe link in Welsh', () => {
    const digest = dailyDigest({
      day: '2026-12-01',
      scopeName: 'Betsi Cadwaladr',
      stories: [{ title: 'Gofal da', serviceNames: ['Ysbyty Gwynedd'], url: 'https://example.org/s/1' }],
      unsubscribeUrl: 'https://careloop.example.org/unsubscribe?token=t&lang=cy',
      language: 'cy',
    });
    expect(digest.subject).to.equal('1 stori newydd am Betsi Cadwaladr (2026-12-01)');
    expect(digest.html).to.match(/^<!doctype html>\n<html lang="cy">/);
    expect(digest.html).to.contain('<title>Crynodeb dyddiol</title>');
    expect(digest.html).to.contain('>Dad-danysgrifio</a>');
    expect(digest.text).to.contain('Cyhoeddwyd un stori am Betsi Cadwaladr ar ddydd Mawrth, 1 Rhagfyr 2026:');
    expect(digest.text).to.contain('Dad-danysgrifio: https://careloop.example.org/unsubscribe');
    expect(renderEmail({ paragraphs: ['Hello'] }).html).to.contain('<html lang="en">');
  });
});
