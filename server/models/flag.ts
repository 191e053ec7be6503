/**
 * A likely identifying detail in a story, reply or response, flagged for the moderator (services/pii-flags.ts finds
 * them): stored on the document, shown to moderators only.
 */
export const flagKinds = [
  'email',
  'phone',
  'nhs-number',
  'chi-number',
  'postcode',
  'date-of-birth',
  'person-name',
  /** A named person (a title and a name) in a sentence that criticises: in responses, about staff. */
  'staff-criticised',
] as const;
export type FlagKind = (typeof flagKinds)[number];
export type FlagField = 'title' | 'body';

export interface Flag {
  field: FlagField;
  kind: FlagKind;
  /** UTF-16 index of the first character, into the field's text. */
  start: number;
  /** UTF-16 index just past the last character. */
  end: number;
  text: string;
}
