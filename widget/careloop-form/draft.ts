/** The story form's draft, its steps and the rules an answer must meet before it is sent. */
import {
  authorRoles,
  demographicAnswers,
  demographicQuestions,
  type DemographicQuestion,
  type ServiceChoice,
  type StorySubmission,
} from '../api/submission.js';
import type { MessageKey } from '../l10n/index.js';

export const tagGroups = ['good', 'improve', 'feelings'] as const;
export type TagGroup = (typeof tagGroups)[number];

/** What the author has typed so far: kept in localStorage as they type, so nothing is lost. */
export interface Draft {
  title: string;
  body: string;
  services: ServiceChoice[];
  good: string[];
  improve: string[];
  feelings: string[];
  goodMore: string;
  improveMore: string;
  feelingsMore: string;
  nickname: string;
  authorRole: string;
  email: string;
  postcode: string;
  /** "When did this happen?", optional: month (1–12) and year as typed. */
  happenedMonth: string;
  happenedYear: string;
  /** The optional questions about the author: an answer's value, or '' when left unanswered. */
  ageBand: string;
  sex: string;
  ethnicity: string;
  disability: string;
  consent: boolean;
  step: number;
  /** The Idempotency-Key of the first attempt to send this story: every retry sends it again. */
  key?: string;
}

/** The fields the form checks, named as the service's problem+json `errors[].field` names them. */
export type Field =
  | 'title'
  | 'body'
  | 'happenedIn'
  | 'services'
  | 'tags'
  | 'nickname'
  | 'authorRole'
  | 'email'
  | 'postcode'
  | 'demographics'
  | 'consent';
export const steps: Field[][] = [
  ['title', 'body', 'happenedIn'],
  ['services'],
  ['tags'],
  ['nickname', 'authorRole', 'email', 'postcode', 'demographics', 'consent'],
];
/** After the steps, one to check the answers before sending them. */
export const checkStep = steps.length;
/** The control that takes focus when a field is wrong (a field's id is its name, except these). */
export const focusTarget: Partial<Record<Field, string>> = {
  services: 'q',
  tags: 'goodMore',
  authorRole: 'role-patient',
  happenedIn: 'happenedMonth',
  demographics: 'ageBand',
};

/** `parent-guardian` → `roleParentGuardian`: role names are shared with the story list. */
export const roleKey = (role: string) =>
  `role${role.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase())}` as MessageKey;

export const emptyDraft = (): Draft => ({
  title: '',
  body: '',
  services: [],
  good: [],
  improve: [],
  feelings: [],
  goodMore: '',
  improveMore: '',
  feelingsMore: '',
  nickname: '',
  authorRole: '',
  email: '',
  postcode: '',
  happenedMonth: '',
  happenedYear: '',
  ageBand: '',
  sex: '',
  ethnicity: '',
  disability: '',
  consent: false,
  step: 0,
});

const postcodePattern = /^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$/;
/** Nicknames keep authors anonymous: nothing like an email address or a phone number. */
const contactPattern = /@|(\d[\s-]?){7}/;

/** A group's tags: those ticked and those typed (comma-separated, in any script), once each. */
export function tagsOf(draft: Draft, group: TagGroup): string[] {
  const more = draft[`${group}More`].split(/[,،、;]/).map((tag) => tag.trim());
  return [...new Set([...draft[group], ...more.filter(Boolean)])];
}

/**
 * "When did this happen?" as the service takes it (`YYYY-MM`): undefined when left empty, null when it
 * is not a real month and year up to this month (the author must fix it, or clear it).
 */
export function happenedInOf(draft: Draft, now = new Date()): string | undefined | null {
  const month = draft.happenedMonth.trim();
  const year = draft.happenedYear.trim();
  if (!month && !year) return undefined;
  if (!/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || +month < 1 || +month > 12) return null;
  const happenedIn = `${year}-${month.padStart(2, '0')}`;
  return happenedIn <= now.toISOString().slice(0, 7) && +year >= 1900 ? happenedIn : null;
}

/** The questions about the author that were answered, as the service takes them. */
export function demographicsOf(draft: Draft): StorySubmission['demographics'] {
  return Object.fromEntries(
    demographicQuestions.flatMap((question) => (draft[question] ? [[question, draft[question]]] : [])),
  );
}

/** Whether each answer is one offered (a draft kept from an older form might hold another). */
const answersOffered = (draft: Draft) =>
  demographicQuestions.every(
    (question: DemographicQuestion) =>
      !draft[question] || (demographicAnswers[question] as string[]).includes(draft[question]),
  );

/** Every field the author must fix, with the message that says how. */
export function problemsOf(draft: Draft): Partial<Record<Field, MessageKey>> {
  const errors: Partial<Record<Field, MessageKey>> = {};
  const text = (value: string, max: number) => value.trim() !== '' && value.trim().length <= max;
  if (!text(draft.title, 150)) errors.title = 'form.err.title';
  if (!text(draft.body, 8000)) errors.body = 'form.err.body';
  if (happenedInOf(draft) === null) errors.happenedIn = 'form.err.happenedIn';
  if (draft.services.length < 1 || draft.services.length > 5) errors.services = 'form.err.services';
  if (
    tagGroups.some(
      (group) => tagsOf(draft, group).length > 10 || tagsOf(draft, group).some((tag) => tag.length > 40),
    )
  )
    errors.tags = 'form.err.tags';
  if (!text(draft.nickname, 40) || contactPattern.test(draft.nickname)) errors.nickname = 'form.err.nickname';
  if (!(authorRoles as readonly string[]).includes(draft.authorRole))
    errors.authorRole = 'form.err.authorRole';
  if (draft.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim()))
    errors.email = 'emailInvalid';
  if (draft.postcode.trim() && !postcodePattern.test(draft.postcode.trim()))
    errors.postcode = 'form.err.postcode';
  if (!answersOffered(draft)) errors.demographics = 'form.err.demographics';
  if (!draft.consent) errors.consent = 'form.err.consent';
  return errors;
}
