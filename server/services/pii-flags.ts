/**
 * Flags likely identifying details in a story for the moderator to review: each flag says which field,
 * what kind of detail, and where it is (`start`/`end` are UTF-16 indices into that field, end exclusive,
 * so `field.slice(start, end) === text` and the widget can highlight with `slice`).
 *
 * Flags are a reading aid, not a filter: nothing is removed automatically. So they lean towards recall
 * (a false flag costs a moderator a glance; a miss can publish someone's CHI number), within limits that
 * keep the list worth reading.
 *
 * Every pattern is linear on hostile input: character classes separated by fixed delimiters, bounded
 * repetitions, and a lookbehind at the start of each pattern whose first token repeats, so a failed
 * attempt is never retried from inside the same run of characters.
 */

import { flagKinds, type Flag, type FlagKind } from '../models/flag.js';

/** A match found in one field, before overlaps are resolved. */
type Candidate = Omit<Flag, 'field'>;

/**
 * Flags in the title and the body, each field in order of position. `now` decides which full dates
 * are old enough to be taken for dates of birth (see below); tests pass a fixed one.
 */
export function detectFlags(title: string, body: string, now = new Date()): Flag[] {
  return [
    ...detectInText(title, now).map((flag) => ({ field: 'title' as const, ...flag })),
    ...detectInText(body, now).map((flag) => ({ field: 'body' as const, ...flag })),
  ];
}

/**
 * Flags in a response: the same identifying details as a story's body, and a named person (a title and
 * a name, "Nurse Jones") in a sentence with a critical word is `staff-criticised` rather than
 * `person-name`: responders speak for services in public, so naming a colleague to blame them is what a
 * moderator must read first. The sentence is the text between the nearest `.`, `!`, `?` or line breaks.
 */
export function detectResponseFlags(body: string, now = new Date()): Flag[] {
  return detectInText(body, now).map((flag) => {
    if (flag.kind !== 'person-name') return { field: 'body' as const, ...flag };
    const sentence = sentenceAround(body, flag.start, flag.end);
    const criticised = criticalWords.test(sentence);
    return { field: 'body' as const, ...flag, kind: criticised ? ('staff-criticised' as const) : flag.kind };
  });
}

/** Words that blame: a moderator reads the sentence; a false flag costs a glance. */
const criticalWords =
  /(?<![\p{L}])(?:rude|rudely|unprofessional|incompetent|careless|negligent|negligence|lazy|blame[sd]?|fault|failed|failure|mistakes?|errors?|disciplin\p{L}*|dismiss(?:ed|al)|suspended|complain\p{L}*|poor|wrong|should not have|shouldn['’]t have|anghwrtais|bai|mearachd|droch)(?![\p{L}])/iu;

function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from =
    Math.max(
      before.lastIndexOf('.'),
      before.lastIndexOf('!'),
      before.lastIndexOf('?'),
      before.lastIndexOf('\n'),
    ) + 1;
  const after = text.slice(end).search(/[.!?\n]/);
  return text.slice(from, after < 0 ? text.length : end + after);
}

/** Every flag in one piece of text, overlaps resolved: the longest match wins. */
export function detectInText(text: string, now = new Date()): Candidate[] {
  const candidates = [
    ...findEmails(text),
    ...findPhones(text),
    ...findHealthNumbers(text),
    ...findPostcodes(text),
    ...findDatesOfBirth(text, now.getFullYear()),
    ...findPersonNames(text),
  ];
  return keepLongest(candidates, text.length);
}

/**
 * Overlapping matches: the longest is kept (a phone number wins over the NHS-number-shaped digits
 * inside it); equal lengths go to the kind listed first in `flagKinds`. Linear in the total length of
 * the candidates, so thousands of them cost no more than reading the text a few times.
 */
function keepLongest(candidates: Candidate[], textLength: number): Candidate[] {
  const rank = (kind: FlagKind) => flagKinds.indexOf(kind);
  const byPreference = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || rank(a.kind) - rank(b.kind) || a.start - b.start,
  );
  const taken = new Uint8Array(textLength);
  const kept: Candidate[] = [];
  for (const candidate of byPreference) {
    let free = true;
    for (let i = candidate.start; i < candidate.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) yield match;
}

function candidate(kind: FlagKind, match: RegExpExecArray, length = match[0].length): Candidate {
  return { kind, start: match.index, end: match.index + length, text: match[0].slice(0, length) };
}

// ---------------------------------------------------------------------------------------------- email

/** `name@host.tld`: the lookbehind starts an attempt only at the start of a run of local-part characters. */
const emailPattern =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,}(?![\p{L}\p{N}-])/gu;

function findEmails(text: string): Candidate[] {
  return [...matches(emailPattern, text)].map((match) => candidate('email', match));
}

// ---------------------------------------------------------------------------------------------- phone

/**
 * UK numbers of ten significant digits: mobiles (07…) and landlines (01…, 02…, 03…), written
 * nationally (`07700 900123`, `(01463) 704000`, `0131-536-1000`) or internationally (`+44 7700 900123`,
 * `+44 (0)131 536 1000`, `0044 …`). Between digits: one space or dash, or a closing bracket and a space.
 */
const phonePattern =
  /(?<![\p{L}\p{N}+(])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(?0)[1237](?:(?:[ -]|\) ?)?\d){9}(?![\p{N}])/gu;

function findPhones(text: string): Candidate[] {
  return [...matches(phonePattern, text)].map((match) => candidate('phone', match));
}

// --------------------------------------------------------------------------------- NHS / CHI numbers

/**
 * Ten digits, whole or grouped 3-3-4 (NHS style) or 6-4 (CHI style). Both numbers end in a modulus-11
 * check digit. A CHI number (Scotland) begins with its holder's date of birth as ddmmyy; NHS numbers
 * (England, Wales) are issued from ranges that never begin with a valid ddmmyy date. So:
 * - check digit valid and a valid ddmmyy date first → `chi-number` (one flag, never both);
 * - check digit valid, no such date → `nhs-number`;
 * - check digit wrong (a typo is still someone's number, nearly) → flagged only when the text names it
 *   just before ("CHI", "NHS number", "NHS no."), as the kind it names.
 */
const tenDigitPattern = /(?<![\p{N}\p{L}])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\p{N}\p{L}])/gu;
const healthNumberLabel = /\b(CHI|NHS)\b(?: (?:number|no\.?|num\.?))?[\s:#.-]*$/i;

function findHealthNumbers(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of matches(tenDigitPattern, text)) {
    const digits = match[0].replace(/\D/g, '');
    const looksLikeChi = isValidDdmmyy(digits.slice(0, 6));
    if (hasModulus11CheckDigit(digits)) {
      found.push(candidate(looksLikeChi ? 'chi-number' : 'nhs-number', match));
      continue;
    }
    const label = healthNumberLabel.exec(text.slice(Math.max(0, match.index - 24), match.index));
    if (label) found.push(candidate(label[1].toUpperCase() === 'CHI' ? 'chi-number' : 'nhs-number', match));
  }
  return found;
}

/** The NHS/CHI check: weights 10…2 on the first nine digits; 11 − (sum mod 11), 11 → 0, 10 → invalid. */
export function hasModulus11CheckDigit(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(digits[9]);
}

function isValidDdmmyy(ddmmyy: string): boolean {
  const day = Number(ddmmyy.slice(0, 2));
  const month = Number(ddmmyy.slice(2, 4));
  // Two-digit years: any century will do for the day count except 29 February (00 was a leap year).
  return isValidDate(day, month, 2000 + Number(ddmmyy.slice(4, 6)));
}

function isValidDate(day: number, month: number, year: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// ------------------------------------------------------------------------------------------ postcode

/** Every UK postcode area, so `A9 2nd` or `ward B 12` do not look like postcodes. */
const postcodeAreas =
  'AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC ' +
  'EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ' +
  'ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW ' +
  'SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE';

/**
 * Outward code (area, district digit(s), optional letter), an optional space, inward code (a digit and
 * two letters, never C, I, K, M, O or V). Either case: people type postcodes as they like.
 */
const postcodePattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${postcodeAreas.split(' ').join('|')})\\d[\\p{L}\\d]?[ \\u00a0]?\\d[abd-hjlnp-uw-z]{2}(?![\\p{L}\\p{N}])`,
  'giu',
);
/** `b2 2nd`: a lower-case ordinal is English, not an inward code (`B2 2ND` is still a postcode). */
const lowerCaseOrdinal = /(?:1st|2nd|3rd|[04-9]th)$/;

function findPostcodes(text: string): Candidate[] {
  return [...matches(postcodePattern, text)]
    .filter((match) => !lowerCaseOrdinal.test(match[0]))
    .map((match) => candidate('postcode', match));
}

// ------------------------------------------------------------------------------------- date of birth

/**
 * Dates are flagged as dates of birth when either
 * - a birth cue ("born", "birth", "birthday", "DOB", "D.O.B.") comes shortly before them in the same
 *   sentence: any date then, even without a year ("DOB 12/03", "her birthday, 3 May"); or
 * - they are full dates (day, month and year) at least `uncuedBirthYearsAgo` years before this year.
 *   Stories are about recent care, so an old full date is most likely someone's birth date, while
 *   "on 3 May I visited" and "on 12/03/2024 I had my operation" are the story, not the person.
 */
const uncuedBirthYearsAgo = 5;
const birthCue = /\b(?:born|birth|birthday|d\.?o\.?b)(?![\p{L}])\.?/giu;
const birthCueWindow = 40;

const monthNames = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];
/** Full names, then abbreviations (which may end in a dot: "12 Mar. 1985", but "on 3 May." is a full stop). */
const monthAlternatives = [
  ...monthNames.map(([name]) => name),
  `(?:${monthNames.flatMap((names) => names.slice(1)).join('|')})\\.?`,
].join('|');
const ordinal = '(?:st|nd|rd|th)?';

/** dd/mm/yyyy, dd.mm.yy, dd-mm-yyyy, and with a birth cue dd/mm: UK order, the same separator twice. */
const numericDatePattern = /(?<!\p{N}[/.-]?)(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![/.-]?\p{N})/gu;
/** yyyy-mm-dd. */
const isoDatePattern = /(?<!\p{N}[/.-]?)(\d{4})-(\d{2})-(\d{2})(?![/.-]?\p{N})/gu;
/** 12 March 1985, 12th of March, 1985, 12 Mar 85. */
const dayMonthPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,2})${ordinal}(?: of)? (${monthAlternatives})(?:,? (\\d{4}|'?\\d{2}))?(?![\\p{L}\\p{N}])`,
  'giu',
);
/** March 12, 1985, March 12th 1985. */
const monthDayPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(${monthAlternatives}) (\\d{1,2})${ordinal}(?:,? (\\d{4}))?(?![\\p{L}\\p{N}])`,
  'giu',
);

interface FoundDate {
  match: RegExpExecArray;
  day: number;
  month: number;
  /** Four digits, or undefined when the text gives none. */
  year: number | undefined;
  /** Written with a capital or all in capitals (a lower-case "may" or "march" alone is a verb). */
  monthWord?: string;
}

function findDatesOfBirth(text: string, thisYear: number): Candidate[] {
  const cueEnds = [...matches(birthCue, text)].map((match) => match.index + match[0].length);
  const found: Candidate[] = [];
  for (const date of findDates(text, thisYear)) {
    if (!isValidDate(date.day, date.month, date.year ?? 2000)) continue;
    const cued = cueEnds.some((end) => isCueFor(text, end, date.match.index));
    const oldFullDate = date.year !== undefined && date.year <= thisYear - uncuedBirthYearsAgo;
    if (cued || oldFullDate) found.push(candidate('date-of-birth', date.match));
  }
  return found;
}

/** A cue counts when it ends shortly before the date with no sentence break in between. */
function isCueFor(text: string, cueEnd: number, dateStart: number): boolean {
  if (cueEnd > dateStart || dateStart - cueEnd > birthCueWindow) return false;
  return !/[.!?\n]/.test(text.slice(cueEnd, dateStart));
}

function* findDates(text: string, thisYear: number): Generator<FoundDate> {
  for (const match of matches(numericDatePattern, text)) {
    const year = match[4] === undefined ? undefined : fullYear(match[4], thisYear);
    yield { match, day: Number(match[1]), month: Number(match[3]), year };
  }
  for (const match of matches(isoDatePattern, text))
    yield { match, day: Number(match[3]), month: Number(match[2]), year: Number(match[1]) };
  for (const match of matches(dayMonthPattern, text)) {
    const year = match[3] === undefined ? undefined : fullYear(match[3].replace("'", ''), thisYear);
    if (year === undefined && !isCapitalised(match[2])) continue;
    yield { match, day: Number(match[1]), month: monthNumber(match[2]), year };
  }
  for (const match of matches(monthDayPattern, text)) {
    const year = match[3] === undefined ? undefined : Number(match[3]);
    if (year === undefined && !isCapitalised(match[1])) continue;
    yield { match, day: Number(match[2]), month: monthNumber(match[1]), year };
  }
}

/** `85` → 1985 and `19` → 2019 (in 2025): a two-digit year is the latest one not in the future. */
function fullYear(digits: string, thisYear: number): number {
  if (digits.length === 4) return Number(digits);
  const century = Math.floor(thisYear / 100) * 100;
  const year = century + Number(digits);
  return year > thisYear ? year - 100 : year;
}

function monthNumber(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  return monthNames.findIndex((names) => names.includes(lower)) + 1;
}

function isCapitalised(word: string): boolean {
  return word[0] === word[0].toUpperCase();
}

// --------------------------------------------------------------------------------------- person name

/**
 * A capitalised name after a title: "Dr Patel", "Nurse Jane Smith", "Consultant Dr A. McLeod",
 * "Mrs O'Neill", "my sister Jane". Abbreviated titles must be capitalised (and may end in a dot);
 * whole-word titles may be lower-case ("the nurse Jane"). Up to three name words; words that are
 * capitalised without being names ("I", "The", "On", days, months) end the name or cancel the flag.
 */
const abbreviatedTitles = ['Dr', 'Mr', 'Mrs', 'Ms', 'Miss', 'Prof', 'Mx'];
const wordTitles = [
  'Doctor',
  'Nurse',
  'Sister',
  'Professor',
  'Consultant',
  'Matron',
  'Midwife',
  'Surgeon',
  'Practitioner',
  'Registrar',
];
const titleAlternatives = [
  ...abbreviatedTitles.map((title) => `${title}\\.?`),
  ...wordTitles.map((title) => `[${title[0]}${title[0].toLowerCase()}]${title.slice(1)}`),
].join('|');
const nameWord = "\\p{Lu}[\\p{L}'’-]*\\.?";
const personNamePattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${titleAlternatives})[ \\u00a0]){1,3}${nameWord}(?:[ \\u00a0]${nameWord}){0,2}(?![\\p{L}\\p{N}])`,
  'gu',
);
const leadingTitles = new RegExp(`^(?:(?:${titleAlternatives})[ \\u00a0])+`, 'u');

/** Capitalised words that are not names: the start of a sentence, days, months, job words. */
const notNames = new Set(
  [
    'I',
    "I'm",
    'I’m',
    "I've",
    "I'd",
    "I'll",
    'A',
    'An',
    'The',
    'And',
    'But',
    'Or',
    'So',
    'Then',
    'On',
    'In',
    'At',
    'To',
    'For',
    'From',
    'With',
    'He',
    'She',
    'They',
    'We',
    'You',
    'It',
    'This',
    'That',
    'My',
    'Our',
    'His',
    'Her',
    'Their',
    'Was',
    'Who',
    'When',
    'Ward',
    'Unit',
    'Team',
    'Practitioner',
    'Specialist',
    'Manager',
    'Monday',
    'Tuesday',
    'Wednesday',
    'Thursday',
    'Friday',
    'Saturday',
    'Sunday',
    ...monthNames.map(([name]) => name[0].toUpperCase() + name.slice(1)),
    'NHS',
    'A&E',
  ].map((word) => word.toLowerCase()),
);

function findPersonNames(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of matches(personNamePattern, text)) {
    const titles = leadingTitles.exec(match[0])?.[0] ?? '';
    const words = match[0].slice(titles.length).split(/[ \u00a0]/);
    let kept = 0;
    while (kept < words.length && !notNames.has(words[kept].replace(/\.$/, '').toLowerCase())) {
      kept++;
      // "Jane. Email me": a full stop after a whole word ends the sentence, and the name.
      if (/\p{L}{2}\.$/u.test(words[kept - 1])) break;
    }
    let length = titles.length + words.slice(0, kept).join(' ').length;
    // The words not kept may start the next name ("my sister Jane. Dr Patel"): look again from there.
    personNamePattern.lastIndex = match.index + (kept === 0 ? titles.length : length);
    if (kept === 0) continue;
    // "Dr Patel's clinic", "Dr Patel." flag "Dr Patel"; "J." keeps its dot.
    const ending = /(?:['’]s|['’-]|(?<=\p{L}{2})\.)$/u.exec(text.slice(match.index, match.index + length));
    if (ending) length -= ending[0].length;
    found.push(candidate('person-name', match, length));
  }
  return found;
}
