/**
 * The optional "about you" questions on the story form (issue 17). Answers are special-category
 * personal data (UK GDPR art. 9): stored on the story, never in any shape but the author's own
 * personal-data export, and counted only in the reports' suppressed breakdowns
 * (docs/decisions/2026-12-07-demographics-suppression.md).
 */

/** Every question offers this: an answer that says the author chose not to say. */
export const preferNotToSay = 'prefer-not-to-say';

export const ageBands = [
  'under-16',
  '16-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65-74',
  '75-plus',
  preferNotToSay,
] as const;

/** As the Scotland census 2022 asks it. */
export const sexes = ['female', 'male', preferNotToSay] as const;

/** The Scotland census 2022 high-level ethnic groups (A to F). */
export const ethnicities = [
  'white',
  'mixed-or-multiple',
  'asian',
  'african',
  'caribbean-or-black',
  'other',
  preferNotToSay,
] as const;

export const disabilities = ['yes', 'no', preferNotToSay] as const;

/** The questions in the order the form asks them, with the answers each offers. */
export const demographicQuestions = {
  ageBand: ageBands,
  sex: sexes,
  ethnicity: ethnicities,
  disability: disabilities,
} as const;

export type DemographicQuestion = keyof typeof demographicQuestions;
export const demographicQuestionNames = Object.keys(demographicQuestions) as DemographicQuestion[];

export type Demographics = {
  [Question in DemographicQuestion]?: (typeof demographicQuestions)[Question][number];
};

/** The mongoose paths: each answer is personal (docs/privacy.md), none is required. */
export const demographicsFields = {
  ageBand: { type: String, enum: ageBands, personal: true },
  sex: { type: String, enum: sexes, personal: true },
  ethnicity: { type: String, enum: ethnicities, personal: true },
  disability: { type: String, enum: disabilities, personal: true },
} as const;
