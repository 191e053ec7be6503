import { expect } from 'chai';
import type { Flag, FlagKind } from '../../../server/models/flag.js';
import {
  detectFlags,
  detectResponseFlags,
  hasModulus11CheckDigit,
} from '../../../server/services/pii-flags.js';

/** A fixed "now" so "old enough to be a date of birth" does not drift with the calendar. */
const now = new Date('2026-06-01T12:00:00Z');

function flagsIn(body: string): Flag[] {
  return detectFlags('', body, now);
}

/** The texts flagged as `kind` in `body`. */
function flagged(body: string, kind: FlagKind): string[] {
  return flagsIn(body)
    .filter((flag) => flag.kind === kind)
    .map((flag) => flag.text);
}

describe('PII flags', () => {
  describe('every flag', () => {
    it('points at exactly its text in its own field, so the widget can highlight it with slice', () => {
      const title = 'Dr Patel on Ward 7 — call me on 07700 900123';
      const body =
        'Thank you 😊 to Nurse Jane Smith. My email is jo.bloggs@example.co.uk, I live at IV2 3UJ, ' +
        'my CHI is 1203851235 and I was born 12/03/1985.';
      const flags = detectFlags(title, body, now);
      expect(flags.map((flag) => flag.kind)).to.deep.equal([
        'person-name',
        'phone',
        'person-name',
        'email',
        'postcode',
        'chi-number',
        'date-of-birth',
      ]);
      for (const flag of flags) {
        const field = flag.field === 'title' ? title : body;
        expect(field.slice(flag.start, flag.end)).to.equal(flag.text);
      }
    });

    it('finds nothing in a story without identifying details', () => {
      const body =
        'On 3 May I visited A&E at Raigmore. The wait was 4 hours, but the nurse explained everything ' +
        'and the doctor I saw was kind. Ward 7 was clean; I was home by 9.30pm on the 2nd. Thank you!';
      expect(flagsIn(body)).to.deep.equal([]);
    });

    it('keeps only the longest of overlapping matches', () => {
      // The ten digits after +44 pass the NHS check on their own; the whole phone number wins.
      const flags = flagsIn('Ring the ward on +44 131 536 1000 please');
      expect(flags).to.have.length(1);
      expect(flags[0]).to.include({ kind: 'phone', text: '+44 131 536 1000' });
    });
  });

  describe('email addresses', () => {
    it('flags ordinary and unusual addresses', () => {
      expect(flagged('Write to jo.bloggs+nhs@example.co.uk or A_B@mail.scot.', 'email')).to.deep.equal([
        'jo.bloggs+nhs@example.co.uk',
        'A_B@mail.scot',
      ]);
    });

    it('leaves @mentions and bare domains alone', () => {
      expect(flagged('Thanks @NHSHighland, see nhs.scot and 5@home', 'email')).to.deep.equal([]);
    });
  });

  describe('phone numbers', () => {
    it('flags UK mobiles and landlines however they are spaced', () => {
      const body =
        'Mobile 07700 900123, or 07700900123, or 0770-090-0123; ward 0131 536 1000; ' +
        'home (01463) 704000; London 020 7946 0958; NHS 24 is 0300 123 4567.';
      expect(flagged(body, 'phone')).to.deep.equal([
        '07700 900123',
        '07700900123',
        '0770-090-0123',
        '0131 536 1000',
        '(01463) 704000',
        '020 7946 0958',
        '0300 123 4567',
      ]);
    });

    it('flags +44 and 0044 forms, with or without (0)', () => {
      const body = 'Call +44 7700 900123 or +44 (0)131 536 1000 or +447700900123 or 0044 1463 704000.';
      expect(flagged(body, 'phone')).to.deep.equal([
        '+44 7700 900123',
        '+44 (0)131 536 1000',
        '+447700900123',
        '0044 1463 704000',
      ]);
    });

    it('leaves short numbers, wrong lengths and other prefixes alone', () => {
      const body = 'I rang 111 then 999. Ref 0770090012 and 077009001234, order 08001234567, 12345678901.';
      expect(flagged(body, 'phone')).to.deep.equal([]);
    });
  });

  describe('NHS and CHI numbers', () => {
    it('flags an NHS number with a valid check digit, grouped 3-3-4 or not', () => {
      expect(
        flagged('My NHS number is 943 476 5919 (or 943-476-5919, 9434765919).', 'nhs-number'),
      ).to.deep.equal(['943 476 5919', '943-476-5919', '9434765919']);
    });

    it('flags a CHI number: a valid ddmmyy date of birth first and a valid check digit', () => {
      expect(flagged('CHI 1203851235 and 0101851235 or 120385 1235', 'chi-number')).to.deep.equal([
        '1203851235',
        '0101851235',
        '120385 1235',
      ]);
    });

    it('flags a number that could be either once, as a CHI number when it starts with a valid date', () => {
      const flags = flagsIn('It was 1203851235.');
      expect(flags.map((flag) => flag.kind)).to.deep.equal(['chi-number']);
    });

    it('leaves ten digits with a wrong check digit alone unless they are named as an NHS or CHI number', () => {
      expect(flagsIn('Reference 9434765918 from the booking office.')).to.deep.equal([]);
      expect(flagged('my NHS no. 943 476 5918', 'nhs-number')).to.deep.equal(['943 476 5918']);
      expect(flagged('CHI: 1203851234', 'chi-number')).to.deep.equal(['1203851234']);
    });

    it('implements the modulus 11 check, including the 11 → 0 case and the never-valid 10', () => {
      expect(hasModulus11CheckDigit('9434765919')).to.equal(true);
      expect(hasModulus11CheckDigit('4010232137')).to.equal(true);
      expect(hasModulus11CheckDigit('9434765910')).to.equal(false);
      expect(hasModulus11CheckDigit('943476591')).to.equal(false);
    });
  });

  describe('postcodes', () => {
    it('flags UK postcodes in any case, with or without the space', () => {
      const body = 'I live at IV2 3UJ; Mum is in eh16 4sa, Dad in G1 1XQ, my son at EC1A1BB and SW1A 2AA.';
      expect(flagged(body, 'postcode')).to.deep.equal([
        'IV2 3UJ',
        'eh16 4sa',
        'G1 1XQ',
        'EC1A1BB',
        'SW1A 2AA',
      ]);
    });

    it('leaves road numbers, times, ordinals and unknown areas alone', () => {
      const body =
        'Up the A9 2nd time, the M8 9am jam, ward b2 2nd floor, bed Q1 2AB, room AA1 1AA, covid19 2nd.';
      expect(flagged(body, 'postcode')).to.deep.equal([]);
    });
  });

  describe('dates of birth', () => {
    it('flags a date near a birth cue, in numeric and written forms', () => {
      const body =
        'Born 12/03/1985. DOB: 12.03.85. D.O.B. 3-4-2019. Date of birth 12 March 1985. ' +
        'She was born on the 5th of June 2024. His birthday is 3 May.';
      expect(flagged(body, 'date-of-birth')).to.deep.equal([
        '12/03/1985',
        '12.03.85',
        '3-4-2019',
        '12 March 1985',
        '5th of June 2024',
        '3 May',
      ]);
    });

    it('flags an old full date even without a cue', () => {
      const body =
        'Mum (14/07/1941) and Dad, 2 Feb 1939, my son, March 3, 1990, 1950-01-31 and 12 Mar. 1985.';
      expect(flagged(body, 'date-of-birth')).to.deep.equal([
        '14/07/1941',
        '2 Feb 1939',
        'March 3, 1990',
        '1950-01-31',
        '12 Mar. 1985',
      ]);
    });

    it('leaves recent dates and dates without a year alone when nothing says birth', () => {
      const body =
        'On 3 May I visited. On 12/03/2025 I had my operation; by 14.04.26 I was home. Since June 2019.';
      expect(flagged(body, 'date-of-birth')).to.deep.equal([]);
    });

    it('does not carry a birth cue into the next sentence', () => {
      expect(flagged('My son was born in Inverness. On 3 May we came back.', 'date-of-birth')).to.deep.equal(
        [],
      );
    });

    it('leaves impossible dates alone', () => {
      expect(flagged('Born 31/02/1985, DOB 30.13.85', 'date-of-birth')).to.deep.equal([]);
    });
  });

  describe('person names', () => {
    it('flags capitalised names after titles, with the title', () => {
      const body =
        'Dr Patel and Nurse Jane Smith were great, so was Mrs O’Neill, Prof. Ng and Dr. J. McLeod. ' +
        'Consultant Dr Ahmed-Khan, Sister MacDonald, Matron Brown, Doctor Who? and Mr Bloggs.';
      expect(flagged(body, 'person-name')).to.deep.equal([
        'Dr Patel',
        'Nurse Jane Smith',
        'Mrs O’Neill',
        'Prof. Ng',
        'Dr. J. McLeod',
        'Consultant Dr Ahmed-Khan',
        'Sister MacDonald',
        'Matron Brown',
        'Mr Bloggs',
      ]);
    });

    it('flags a name after a lower-case title word, such as a relative', () => {
      expect(flagged('the nurse Aileen and my sister Jane came', 'person-name')).to.deep.equal([
        'nurse Aileen',
        'sister Jane',
      ]);
    });

    it('ends the name at a full stop, a possessive or a word that is not a name', () => {
      const body = "Dr Patel's clinic. Nurse Jane. Then Dr Smith On Monday, and Nurse Brown I think.";
      expect(flagged(body, 'person-name')).to.deep.equal([
        'Dr Patel',
        'Nurse Jane',
        'Dr Smith',
        'Nurse Brown',
      ]);
    });

    it('leaves titles without a name alone', () => {
      const body =
        'The doctor I saw, the nurse. Then Sister Ward 7, Nurse The, a nurse practitioner, dr patel, ' +
        'Miss Monday, I miss Jane.';
      expect(flagged(body, 'person-name')).to.deep.equal([]);
    });
  });

  describe('in a response: staff named critically', () => {
    const kinds = (body: string) => detectResponseFlags(body, now).map((flag) => [flag.kind, flag.text]);

    it('flags a titled name in a sentence that blames as staff-criticised, and one in a kind sentence as a name', () => {
      expect(kinds('Dr Patel was kind. Nurse Jones was rude to you, and I apologise.')).to.deep.equal([
        ['person-name', 'Dr Patel'],
        ['staff-criticised', 'Nurse Jones'],
      ]);
    });

    it('reads the sentence on both sides of the name, in Welsh and Gaelic too', () => {
      expect(kinds('It was a mistake by Dr Evans.')).to.deep.equal([['staff-criticised', 'Dr Evans']]);
      expect(kinds('Roedd bai ar Dr Jones.')).to.deep.equal([['staff-criticised', 'Dr Jones']]);
      expect(kinds('Bha droch mhearachd aig Dr Caimbeul.')).to.deep.equal([
        ['staff-criticised', 'Dr Caimbeul'],
      ]);
      expect(kinds('Nurse Jones will call you. That wait was wrong.')).to.deep.equal([
        ['person-name', 'Nurse Jones'],
      ]);
    });

    it('keeps the identifying details a story would have flagged', () => {
      expect(kinds('Call me on 07700 900123.')).to.deep.equal([['phone', '07700 900123']]);
    });

    it('takes little time on 8,000 characters of critically named staff', () => {
      const text = 'Dr Aa was rude. '.repeat(500);
      const started = performance.now();
      const flags = detectResponseFlags(text, now);
      expect(flags.length).to.equal(500);
      expect(performance.now() - started).to.be.below(500);
    });
  });

  describe('on hostile input', () => {
    const length = 8000;
    const repeat = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

    /** The fastest of a few runs: the least disturbed by whatever else the machine is doing. */
    function fastestRun(text: string): number {
      let best = Infinity;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        detectFlags(text, text, now);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    }

    it('takes about as long on 8,000 characters crafted to make regexes backtrack as on a real story', () => {
      const story = repeat(
        'I was seen on Ward 7 by Nurse Jane Smith, who was kind. The wait in A&E was long but the staff ' +
          'explained everything, and Dr Patel rang me on 07700 900123 on 12/03/2025. ',
      );
      const hostile = [
        repeat('a'),
        repeat('1'),
        repeat('0 1 '),
        repeat('a@'),
        'a@' + repeat('a.'),
        repeat('a.b@c'),
        repeat('a') + '@',
        repeat('Dr '),
        'Dr ' + repeat('A'),
        repeat('Dr Aa Bb Cc Dd '),
        repeat('1/1/'),
        repeat('12 March '),
        repeat('born 1/'),
        repeat('EH16'),
        repeat('+44 (0)'),
        repeat('(0'),
        repeat('1-'),
        repeat('A. '),
      ];
      fastestRun(story); // warm up the regexes before measuring
      const baseline = fastestRun(story);
      // Catastrophic backtracking on 8,000 characters is thousands of times slower, not a few.
      for (const text of hostile) expect(fastestRun(text), text.slice(0, 12)).to.be.below(50 * baseline + 1);
    });
  });
});
