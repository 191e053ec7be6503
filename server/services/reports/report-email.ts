import { catalogueFor, listIn, type Language } from '../../l10n/index.js';
import { unsubscribeHeaders } from '../mail/index.js';
import { message, type EmailMessage } from '../emails/content.js';
import type { ReportFigures } from './figures.js';

export interface ReportEmail {
  frequency: 'weekly' | 'monthly';
  /** `2026-W47` or `2026-11`. */
  periodKey: string;
  figures: Omit<ReportFigures, 'criticality'>;
  unsubscribeUrl: string;
  /** The page of every subscription of the address, each with a delete. */
  subscriptionsUrl?: string;
  /** The subscription's language. */
  language: Language;
}

/** A scheduled report: the period's figures in sentences (no criticality: it may reach a stakeholder). */
export function reportEmail(report: ReportEmail): EmailMessage {
  const { figures, language } = report;
  const words = catalogueFor(language).email.report;
  const { totals, period } = figures;
  const name = figures.service.name;
  const weekly = report.frequency === 'weekly';
  const percent = (rate: number | null) => (rate === null ? words.none : `${Math.round(rate * 100)}%`);
  const duration = (hours: number) =>
    hours < 48
      ? words.hours(String(Math.round(hours * 10) / 10))
      : words.days(String(Math.round((hours / 24) * 10) / 10));
  const paragraphs = [words.published(totals.stories, name, period.from, period.to)];
  if (totals.stories > 0) {
    paragraphs.push(
      words.responded(totals.responded, percent(totals.responseRate)) +
        (totals.medianHoursToFirstResponse === null
          ? ''
          : ` ${words.firstResponse(
              duration(totals.medianHoursToFirstResponse),
              duration(totals.p90HoursToFirstResponse ?? 0),
            )}`),
    );
  }
  if (totals.responses > 0) {
    paragraphs.push(
      words.changes(totals.responses, percent(totals.changePlannedRate), percent(totals.changeMadeRate)),
    );
  }
  for (const kind of ['good', 'improve', 'feelings'] as const) {
    const top = figures.tags[kind].slice(0, 5);
    if (top.length > 0) {
      paragraphs.push(
        `${words[kind]}: ${listIn(
          language,
          top.map((tag) => `${tag.tag} (${tag.stories})`),
        )}.`,
      );
    }
  }
  return message(
    words.subject(
      weekly,
      name,
      report.periodKey,
      words.stories(totals.stories),
      percent(totals.responseRate),
    ),
    {
      language,
      title: words.title(weekly),
      preheader: paragraphs[0],
      paragraphs,
      footer: words.footer(weekly, name),
      unsubscribeUrl: report.unsubscribeUrl,
      subscriptionsUrl: report.subscriptionsUrl,
    },
    unsubscribeHeaders(report.unsubscribeUrl),
  );
}
