import { html } from 'lit';
import type { AdminKey } from '../l10n/index.js';
import type { ReportView } from './charts.js';
import type { Report } from './report.js';

type Breakdown = Extract<Report['demographics'], { available: true }>;
const questions = ['ageBand', 'sex', 'ethnicity', 'disability'] as const;
type Question = (typeof questions)[number];

const keyOf = (question: Question) =>
  `demo${question[0]!.toUpperCase()}${question.slice(1)}` as
    'demoAgeBand' | 'demoSex' | 'demoEthnicity' | 'demoDisability';

/**
 * A board's last whole quarter by the authors' optional answers: one table per question, each group's
 * stories or "fewer than 11" where the service withheld it. Below a board, why there is none
 * (docs/decisions/2026-12-07-demographics-suppression.md).
 */
export function demographicsTables(report: Report, view: ReportView) {
  const figures = report.demographics;
  return html`<section class="chart" aria-labelledby="demo-h">
    <h3 id="demo-h">${view.t('demoHeading')}</h3>
    ${
      figures.available
        ? html`<p class="summary">
              ${view.t('demoSummary', {
                quarter: figures.quarter,
                from: view.day(figures.from),
                to: view.day(figures.to),
                stories: figures.stories,
              })}
            </p>
            ${
              questions.some((question) => figures[question].some((group) => group.stories !== null))
                ? html`<div class="questions">
                    ${questions.map((question) => questionTable(figures, question, view))}
                  </div>`
                : html`<p>${view.t('demoNone')}</p>`
            }`
        : html`<p class="summary">${view.t('demoNotBoard')}</p>`
    }
  </section>`;
}

function questionTable(figures: Breakdown, question: Question, view: ReportView) {
  const words = view.t(`${keyOf(question)}Options` as AdminKey).split('|');
  return html`<div class="table" role="region" tabindex="0" aria-labelledby="demo-${question}">
    <table>
      <caption id="demo-${question}">
        ${view.t(keyOf(question))}
      </caption>
      <thead>
        <tr>
          <th scope="col">${view.t('demoAnswer')}</th>
          <th scope="col">${view.t('colStories')}</th>
        </tr>
      </thead>
      <tbody>
        ${figures[question].map(
          (group, index) =>
            html`<tr>
              <th scope="row">
                ${group.value === 'not-answered' ? view.t('demoNotAnswered') : words[index]}
              </th>
              <td>${group.stories ?? view.t('demoFewer')}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
