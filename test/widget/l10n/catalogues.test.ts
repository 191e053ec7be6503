import { expect } from 'chai';
import adminCy from '../../../widget/admin/l10n/cy.js';
import adminEn from '../../../widget/admin/l10n/en.js';
import adminGd from '../../../widget/admin/l10n/gd.js';
import publicCy from '../../../widget/l10n/catalogues/cy.js';
import publicEn from '../../../widget/l10n/catalogues/en.js';
import authorEn from '../../../widget/l10n/catalogues/en/author.js';
import demographicsEn from '../../../widget/l10n/catalogues/en/demographics.js';
import publicGd from '../../../widget/l10n/catalogues/gd.js';
import { demographicAnswers, demographicQuestions } from '../../../widget/api/submission.js';

/** The names a message's `{name}` placeholders use, sorted (a plural message's forms counted once). */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!))].sort();
}

/**
 * What a translator must keep: every message the English catalogue has, with the same placeholders,
 * each by name (a `{0}` says nothing of what fills it, and a word order that differs breaks it).
 */
describe('the widget’s catalogues', () => {
  const sets = {
    // Author mode's and the form's questions' English travel with their chunks (addEnglish); the
    // translations hold it all.
    public: { en: { ...publicEn, ...authorEn, ...demographicsEn }, cy: publicCy, gd: publicGd },
    admin: { en: adminEn, cy: adminCy, gd: adminGd },
  };

  for (const [part, { en, ...others }] of Object.entries(sets)) {
    it(`${part}: names every placeholder, in English and in each translation`, () => {
      const positional = Object.entries({ ...en, ...others.cy, ...others.gd })
        .filter(([, message]) => /\{\d+\}/.test(message))
        .map(([key]) => key);
      expect(positional).to.deep.equal([]);
    });

    for (const [language, catalogue] of Object.entries(others)) {
      it(`${part}: ${language} has every English message, with the same placeholders`, () => {
        const english = en as Record<string, string>;
        const translated = catalogue as Record<string, string>;
        expect(Object.keys(translated).sort()).to.deep.equal(Object.keys(english).sort());
        const differing = Object.keys(english).filter(
          (key) => placeholders(english[key]!).join() !== placeholders(translated[key]!).join(),
        );
        expect(differing, 'messages whose placeholders differ from English').to.deep.equal([]);
      });
    }
  }

  it('words every answer to the questions about the author, in the form’s order, in every language', () => {
    for (const [language, catalogue] of Object.entries({
      en: demographicsEn,
      cy: publicCy,
      gd: publicGd,
    })) {
      for (const question of demographicQuestions) {
        const words = (catalogue as Record<string, string>)[`form.demo.${question}.options`]!.split('|');
        expect(words, `${language} ${question}`).to.have.length(demographicAnswers[question].length);
        expect(words.at(-1), `${language} ${question}: "prefer not to say" last`).to.equal(
          (catalogue as Record<string, string>)['form.demo.sex.options']!.split('|').at(-1),
        );
      }
    }
    // The staff area words them again, for the reports.
    for (const [language, catalogue] of Object.entries({ en: adminEn, cy: adminCy, gd: adminGd })) {
      for (const question of demographicQuestions) {
        const key = `demo${question[0]!.toUpperCase()}${question.slice(1)}Options` as keyof typeof adminEn;
        expect(catalogue[key].split('|'), `admin ${language} ${question}`).to.have.length(
          demographicAnswers[question].length,
        );
      }
    }
  });
});
