import { html, nothing, svg } from 'lit';
import type { AdminKey } from '../l10n/index.js';
import type { MessageValues } from '../../l10n/index.js';
import { labelColumn, labelLineHeight } from '../charts/labels.js';
import { weekMonday } from '../charts/time.js';
import type { Report, TagKind } from './report.js';

/** The words and choices a report's charts need of the view that draws them. */
export interface ReportView {
  t(key: AdminKey, values?: MessageValues): string;
  /** A UTC day in the view's language ("2 Mar 2026"). */
  day(iso: string): string;
  /** 30 hours → "30 hours"; 60 → "2.5 days". */
  duration(hours: number): string;
  /** Whether a chart shows its table instead of hiding it. */
  tableOpen(id: string): boolean;
  toggleTable(id: string): void;
}

/** Width of every chart's picture (its viewBox), in user units. */
export const width = 640;

/**
 * A row label of a chart, right-aligned at `x` and centred on `y` whatever its number of lines. Lines
 * after the first keep a space before them, so the label's text reads as one sentence.
 */
export const rowLabel = (lines: string[], x: number, y: number) =>
  svg`<text x=${x} y=${y + 4 - ((lines.length - 1) * labelLineHeight) / 2} text-anchor="end">${lines.map(
    (line, i) => (i === 0 ? line : svg`<tspan x=${x} dy=${labelLineHeight}>${' '}${line}</tspan>`),
  )}</text>`;

/** A rate as a whole percentage; "–" where there were no stories to count. */
export function pct(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

/** Hours to one decimal; "–" where nothing was answered. */
export function hours(value: number | null): string {
  return value === null ? '–' : String(Math.round(value * 10) / 10);
}

/** A change on the previous period, signed: "+3", "0", "-2". */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** A chart's heading, summary, picture, and its table behind a "Show as table" button. */
export function chartSection(
  view: ReportView,
  id: string,
  heading: AdminKey,
  summary: string,
  picture: unknown,
  table: unknown,
) {
  const open = view.tableOpen(id);
  return html`<section class="chart" aria-labelledby="${id}-h">
    <h3 id="${id}-h">${view.t(heading)}</h3>
    <p class="summary">${summary}</p>
    ${picture}
    <button
      type="button"
      class="secondary"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls="${id}-t"
      @click=${() => view.toggleTable(id)}
    >
      ${view.t(open ? 'hideTable' : 'showTable')}
    </button>
    <div id="${id}-t" class="table" role="region" tabindex="0" aria-labelledby="${id}-h" ?hidden=${!open}>
      ${table}
    </div>
  </section>`;
}

/** The weekly response rate as a line, a week without stories breaking it. */
export function trendChart(report: Report, view: ReportView) {
  const weeks = report.trend;
  const rated = weeks.filter((week) => week.responseRate !== null);
  const rates = rated.map((week) => week.responseRate!);
  const summary = rated.length
    ? view.t('trendSummary', {
        weeks: weeks.length,
        lowest: pct(Math.min(...rates)),
        highest: pct(Math.max(...rates)),
        overall: pct(report.totals.responseRate),
      })
    : view.t('trendNone');
  const left = 44;
  const top = 10;
  const plotH = 160;
  const step = (width - left - 20) / Math.max(1, weeks.length - 1);
  const xOf = (i: number) => left + (weeks.length === 1 ? (width - left - 20) / 2 : i * step);
  const yOf = (rate: number) => top + (1 - rate) * plotH;
  // A line through consecutive weeks with stories; a week without stories breaks it.
  let path = '';
  weeks.forEach((week, i) => {
    if (week.responseRate === null) return;
    const joined = i > 0 && weeks[i - 1].responseRate !== null;
    path += `${joined ? 'L' : 'M'}${xOf(i).toFixed(1)} ${yOf(week.responseRate).toFixed(1)}`;
  });
  const picture = html`<svg class="trend" viewBox="0 0 ${width} ${plotH + 44}" aria-hidden="true">
    ${[0, 0.5, 1].map(
      (rate) =>
        svg`<line class="grid" x1=${left} x2=${width - 20} y1=${yOf(rate)} y2=${yOf(rate)}></line>
        <text x=${left - 6} y=${yOf(rate) + 4} text-anchor="end">${pct(rate)}</text>`,
    )}
    <path class="line" d=${path}></path>
    ${weeks.map((week, i) =>
      week.responseRate === null
        ? nothing
        : svg`<circle class="point" cx=${xOf(i)} cy=${yOf(week.responseRate)} r="4"></circle>`,
    )}
    ${
      weeks.length
        ? svg`<text x=${xOf(0)} y=${plotH + 36}>${view.day(weekMonday(weeks[0].week))}</text>
          <text x=${xOf(weeks.length - 1)} y=${plotH + 36} text-anchor="end">${view.day(weekMonday(weeks[weeks.length - 1].week))}</text>`
        : nothing
    }
  </svg>`;
  const table = html`<table>
    <caption>
      ${view.t('trendCaption', { service: report.service.name })}
    </caption>
    <thead>
      <tr>
        <th scope="col">${view.t('weekOf')}</th>
        <th scope="col">${view.t('colStories')}</th>
        <th scope="col">${view.t('colResponded')}</th>
        <th scope="col">${view.t('colRate')}</th>
        <th scope="col">${view.t('colMedian')}</th>
      </tr>
    </thead>
    <tbody>
      ${weeks.map(
        (week) =>
          html`<tr>
            <th scope="row">${view.day(weekMonday(week.week))}</th>
            <td>${week.stories}</td>
            <td>${week.responded}</td>
            <td>${pct(week.responseRate)}</td>
            <td>${hours(week.medianHoursToFirstResponse)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
  return chartSection(view, 'trend', 'trendHeading', summary, picture, table);
}

/** The most frequent tags of each kind as bars, with their change on the previous period. */
export function tagsChart(report: Report, view: ReportView) {
  const kinds = ['good', 'improve', 'feelings'] as const;
  const kindKey = {
    good: 'tagsGoodShort',
    improve: 'tagsImproveShort',
    feelings: 'tagsFeelingsShort',
  } as const;
  const top = (kind: TagKind) => {
    const tag = report.tags[kind][0];
    return tag
      ? view.t('tagTop', { tag: tag.tag, stories: tag.stories, change: signed(tag.change) })
      : view.t('noTags');
  };
  const summary = view.t('tagsSummary', {
    good: top('good'),
    improve: top('improve'),
    feelings: top('feelings'),
  });
  const most = Math.max(1, ...kinds.flatMap((kind) => report.tags[kind].map((tag) => tag.stories)));
  // One label column for the three charts, so their bars line up.
  const { left, lines } = labelColumn(
    kinds.flatMap((kind) => report.tags[kind].map((tag) => tag.tag)),
    120,
    300,
  );
  const barMax = width - left - 110;
  let row = 0;
  const picture = kinds.map((kind) => {
    const tags = report.tags[kind];
    let y = 0;
    const bars = tags.map((tag) => {
      const w = Math.max(2, (tag.stories / most) * barMax);
      const rowHeight = Math.max(24, lines[row++].length * labelLineHeight + 9);
      const middle = y + rowHeight / 2;
      y += rowHeight;
      return svg`${rowLabel(lines[row - 1], left - 8, middle)}
        <rect class="bar" x=${left} y=${middle - 8} width=${w} height="16"></rect>
        <text x=${left + w + 6} y=${middle + 4}>${tag.stories} (${signed(tag.change)})</text>`;
    });
    return html`<h4>${view.t(kindKey[kind])}</h4>
      ${
        tags.length
          ? html`<svg class="bars" viewBox="0 0 ${width} ${y}" aria-hidden="true">${bars}</svg>`
          : html`<p class="hint">${view.t('noTags')}</p>`
      }`;
  });
  const table = html`<table>
    <caption>
      ${view.t('tagsCaption', { from: view.day(report.period.previousFrom) })}
    </caption>
    <thead>
      <tr>
        <th scope="col">${view.t('colKind')}</th>
        <th scope="col">${view.t('colTag')}</th>
        <th scope="col">${view.t('colStories')}</th>
        <th scope="col">${view.t('colPrevious')}</th>
        <th scope="col">${view.t('colChange')}</th>
      </tr>
    </thead>
    <tbody>
      ${kinds.flatMap((kind) =>
        report.tags[kind].map(
          (tag) =>
            html`<tr>
              <td>${view.t(kindKey[kind])}</td>
              <th scope="row">${tag.tag}</th>
              <td>${tag.stories}</td>
              <td>${tag.previousStories}</td>
              <td>${signed(tag.change)}</td>
            </tr>`,
        ),
      )}
    </tbody>
  </table>`;
  return chartSection(view, 'tags', 'tagsHeading', summary, picture, table);
}

/** The services below, ranked: a table only. */
export function childrenTable(report: Report, view: ReportView) {
  const children = report.children;
  const first = children[0];
  return html`<section class="chart" aria-labelledby="children-h">
    <h3 id="children-h">${view.t('childrenHeading')}</h3>
    <p class="summary">
      ${
        !first
          ? view.t('childrenNone', { service: report.service.name })
          : view.t('childrenSummary', { count: children.length, first: first.name, stories: first.stories })
      }
    </p>
    ${
      first
        ? html`<div class="table" role="region" tabindex="0" aria-labelledby="children-h">
            <table>
              <caption>
                ${view.t('childrenCaption', { service: report.service.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${view.t('colRank')}</th>
                  <th scope="col">${view.t('service')}</th>
                  <th scope="col">${view.t('colStories')}</th>
                  <th scope="col">${view.t('colRate')}</th>
                  <th scope="col">${view.t('colMedian')}</th>
                </tr>
              </thead>
              <tbody>
                ${children.map(
                  (child) =>
                    html`<tr>
                      <td>${child.rank}</td>
                      <th scope="row">${child.name}</th>
                      <td>${child.stories}</td>
                      <td>${pct(child.responseRate)}</td>
                      <td>${hours(child.medianHoursToFirstResponse)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : nothing
    }
  </section>`;
}
