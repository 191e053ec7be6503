import { languages, type Language } from '../l10n/index.js';

/** The `language` a story or subscription is sent in: what the service writes to that person in. */
export const languageSchema = {
  type: 'string',
  enum: languages,
  description:
    'The language of the page it was sent from (en English, cy Welsh, gd Scottish Gaelic; default en): emails about it, and the pages their links open, are written in it.',
} as const;

export type { Language };
