/** How the queue words a story's moderation-rule warnings (server: services/queue-warnings.ts). */
import type { AdminKey } from '../l10n/index.js';
import type { QueueStory } from './queue-item.js';

export type QueueWarning = QueueStory['warnings'][number];
type Translate = (key: AdminKey, values?: Record<string, string | number>) => string;

/** `YYYY-MM` as the moderator's language writes a month and year ("March 2023", "Mawrth 2023"). */
export function monthAndYear(happenedIn: string, locale: string): string {
  const [year, month] = happenedIn.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, month! - 1, 1)),
  );
}

/** One warning as a sentence in the moderator's language. */
export function warningText(warning: QueueWarning, t: Translate, locale: string): string {
  switch (warning.kind) {
    case 'long':
      return t('warningLong', { count: new Intl.NumberFormat(locale).format(warning.words) });
    case 'long-ago':
      return t('warningLongAgo', { month: monthAndYear(warning.happenedIn, locale) });
    case 'possible-duplicate':
      return t('warningDuplicate', { title: warning.story.title });
  }
}
