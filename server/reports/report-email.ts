import { unsubscribeHeaders } from '../services/mail/index.js';
import { listOf, message, type EmailMessage } from '../services/emails/content.js';
import type { ReportFigures } from './figures.js';

export interface ReportEmail {
  frequency: 'weekly' | 'monthly';
  /** `2026-W47` or `2026-11`. */
  periodKey: string;
  figures: Omit<ReportFigures, 'criticality'>;
  unsubscribeUrl: string;
}

/** A scheduled report: the period's figures in sentences (no criticality: it may reach a stakeholder). */
export function reportEmail(report: ReportEmail): EmailMessage {
  const { figures } = report;
  const { totals, period } = figures;
  const name = figures.service.name;
  const storyCount = totals.stories === 1 ? '1 story' : `${totals.stories} stories`;
  const paragraphs = [
    `${storyCount} about ${name} ${totals.stories === 1 ? 'was' : 'were'} published between ${period.from} and ${period.to} (UTC).`,
  ];
  if (totals.stories > 0) {
    paragraphs.push(
      `${totals.responded} of them (${percent(totals.responseRate)}) had a response.` +
        (totals.medianHoursToFirstResponse === null
          ? ''
          : ` The first response came after ${hoursText(totals.medianHoursToFirstResponse)} (median), ` +
            `and within ${hoursText(totals.p90HoursToFirstResponse ?? 0)} for 90% of them.`),
    );
  }
  if (totals.responses > 0) {
    paragraphs.push(
      `Of ${totals.responses} responses, ${percent(totals.changePlannedRate)} said a change is planned ` +
        `and ${percent(totals.changeMadeRate)} that a change was made.`,
    );
  }
  for (const [kind, label] of [
    ['good', 'What was good'],
    ['improve', 'What could be improved'],
    ['feelings', 'How people felt'],
  ] as const) {
    const top = figures.tags[kind].slice(0, 5);
    if (top.length > 0)
      paragraphs.push(`${label}: ${listOf(top.map((tag) => `${tag.tag} (${tag.stories})`))}.`);
  }
  const what = report.frequency === 'weekly' ? 'Weekly' : 'Monthly';
  return message(
    `${what} report for ${name} (${report.periodKey}): ${storyCount}, ${percent(totals.responseRate)} responded`,
    {
      title: `${what} report`,
      preheader: paragraphs[0],
      paragraphs,
      footer: `You get this ${report.frequency} report because you asked for it on your subscription to ${name}.`,
      unsubscribeUrl: report.unsubscribeUrl,
    },
    unsubscribeHeaders(report.unsubscribeUrl),
  );
}

function percent(rate: number | null): string {
  return rate === null ? 'none' : `${Math.round(rate * 100)}%`;
}

function hoursText(hours: number): string {
  if (hours < 48) return `${Math.round(hours * 10) / 10} hours`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}
