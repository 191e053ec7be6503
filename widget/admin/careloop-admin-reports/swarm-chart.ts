import { html, nothing, svg } from 'lit';
import type { AdminKey } from '../l10n/index.js';
import { labelColumn, labelLineHeight } from '../charts/labels.js';
import { layoutSwarm } from '../charts/swarm.js';
import { dayStart, isoDay } from '../charts/time.js';
import { chartSection, pct, rowLabel, width, type ReportView } from './charts.js';
import type { ColourBy, Dot, Report } from './report.js';

/** What the swarm needs of the view beyond words: its stories, its choices, and where to go from a dot. */
export interface SwarmView extends ReportView {
  /** The report's stories, oldest first (the CSV's rows). */
  rows: Array<Record<string, string>>;
  colourBy: ColourBy;
  /** The dot that takes the Tab stop (a roving tabindex). */
  current: number;
  chooseColour(by: ColourBy): void;
  focusDot(index: number): void;
  openStory(id: string): void;
  dotKey(event: KeyboardEvent, dots: Dot[]): void;
}

/** The lanes of the swarm, top to bottom, each a label and the CSV value(s) that fall in it. */
const lanes: Record<ColourBy, Array<[AdminKey, string]>> = {
  criticality: [
    ['crit-5', '5'],
    ['crit-4', '4'],
    ['crit-3', '3'],
    ['crit-2', '2'],
    ['crit-1', '1'],
    ['crit-0', '0'],
    ['notRated', ''],
  ],
  progress: [
    ['stage-change-made', 'change-made'],
    ['stage-change-planned', 'change-planned'],
    ['stage-responded', 'responded'],
    ['stage-read', 'read'],
    ['stage-heard', 'heard'],
    ['stage-unheard', 'unheard'],
  ],
  response: [
    ['stage-change-made', 'made'],
    ['stage-change-planned', 'planned'],
    ['stage-responded', 'responded'],
    ['noResponse', ''],
  ],
};
/** Colour (`.c0`…`.c6`) of each lane: worst red, best green, in both schemes (see the styles). */
const colours: Record<ColourBy, number[]> = {
  criticality: [0, 1, 2, 3, 4, 5, 6],
  progress: [5, 3, 4, 2, 1, 0],
  response: [5, 3, 4, 0],
};

/** The swarm shows at most this many stories: the most recent. */
export const swarmLimit = 500;
const dotGap = 10;

/**
 * The story swarm: one dot per story across the period, in lanes by criticality or progress, each dot a
 * button that opens its story; its table lists the same stories, newest first.
 */
export function swarmChart(report: Report, view: SwarmView) {
  const { totals, period } = report;
  const from = view.day(period.from);
  const to = view.day(period.to);
  const one = totals.stories === 1 ? 'One' : '';
  // How many of them the board's provider preview showed to the services first.
  const previewed = report.previewed ? ` ${view.t('summaryPreviewed', { count: report.previewed })}` : '';
  const counted =
    totals.stories === 0
      ? view.t('summaryNone', { from, to })
      : totals.medianHoursToFirstResponse === null
        ? view.t(`summaryUnanswered${one}` as AdminKey, { stories: totals.stories, from, to })
        : view.t(`summary${one}` as AdminKey, {
            stories: totals.stories,
            from,
            to,
            responded: pct(totals.responseRate),
            median: view.duration(totals.medianHoursToFirstResponse),
          });
  const told = report.toldOnBehalf ? ` ${view.t('summaryToldOnBehalf', { count: report.toldOnBehalf })}` : '';
  const summary = counted + previewed + told;
  const by = view.colourBy;
  const laneList = lanes[by];
  const start = dayStart(period.from);
  const span = dayStart(period.to) + 86400000 - start;
  const laneOf = (row: Record<string, string>) => {
    const value =
      by === 'response' ? row.change || (Number(row.responseCount) > 0 ? 'responded' : '') : row[by];
    return Math.max(
      0,
      laneList.findIndex(([, v]) => v === value),
    );
  };
  const dots: Dot[] = view.rows.slice(-swarmLimit).map((row) => ({
    id: row.id,
    at: Date.parse(row.publishedAt),
    title: row.title,
    lane: laneOf(row),
  }));
  const counts = laneList.map((_, lane) => dots.filter((dot) => dot.lane === lane).length);
  // Lane labels whole, in any language: the margin grows to fit them (and wraps the longest).
  const { left, lines } = labelColumn(
    laneList.map(([key], lane) => `${view.t(key)} (${counts[lane]})`),
    150,
    300,
  );
  const plot = width - left - 10;
  const xOf = (at: number) => left + ((at - start) / span) * plot;
  const { levels, reach } = layoutSwarm(
    dots.map((dot) => ({ x: xOf(dot.at), lane: dot.lane })),
    laneList.length,
    dotGap,
  );
  // Each lane is tall enough for its dots and its label; `middles` is where its line runs.
  const middles: number[] = [];
  let y = 0;
  reach.forEach((levelsEach, lane) => {
    const band = Math.max((levelsEach * 2 + 1) * dotGap + 8, lines[lane].length * labelLineHeight + 6);
    middles.push(y + band / 2);
    y += band;
  });
  const height = y + 24;
  const label = (dot: Dot) => `${dot.title} · ${view.day(isoDay(dot.at))} · ${view.t(laneList[dot.lane][0])}`;
  const current = Math.min(view.current, dots.length - 1);
  const picture = html`${
    view.rows.length > swarmLimit
      ? html`<p class="hint">${view.t('swarmLimited', { shown: swarmLimit, total: view.rows.length })}</p>`
      : nothing
  }
  ${
    report.criticality
      ? html`<div class="row">
          <label for="colour-by" class="inline"
            >${view.t('colourBy')}
            <select
              id="colour-by"
              @change=${(e: Event) => view.chooseColour((e.target as HTMLSelectElement).value as ColourBy)}
            >
              ${(['criticality', 'progress'] as const).map(
                (value) =>
                  html`<option value=${value} ?selected=${value === by}>
                    ${view.t(value === 'criticality' ? 'byCriticality' : 'stage')}
                  </option>`,
              )}
            </select></label
          >
        </div>`
      : nothing
  }
  ${
    dots.length
      ? html`<p class="hint" id="swarm-k">${view.t('swarmKeys')}</p>
          <svg
            class="swarm"
            viewBox="0 0 ${width} ${height}"
            role="group"
            aria-labelledby="swarm-h"
            aria-describedby="swarm-k"
            @click=${(e: Event) => {
              const id = (e.target as Element).closest<SVGElement>('.dot')?.dataset.id;
              if (id) view.openStory(id);
            }}
            @keydown=${(e: KeyboardEvent) => view.dotKey(e, dots)}
            @focusin=${(e: Event) => {
              const i = dots.findIndex((dot) => dot.id === (e.target as SVGElement).dataset?.id);
              if (i >= 0) view.focusDot(i);
            }}
          >
            ${middles.map(
              (middle, lane) =>
                svg`<line class="grid" x1=${left} x2=${width - 10} y1=${middle} y2=${middle}></line>
                  ${rowLabel(lines[lane], left - 8, middle)}`,
            )}
            ${dots.map(
              (dot, i) =>
                svg`<g class="dot c${colours[by][dot.lane]}" role="button" tabindex=${i === current ? 0 : -1}
                    data-id=${dot.id} aria-label=${label(dot)}
                    transform="translate(${xOf(dot.at).toFixed(1)} ${(middles[dot.lane] + levels[i] * dotGap).toFixed(1)})">
                    <title>${label(dot)}</title><circle r="4.5"></circle></g>`,
            )}
            <text x=${left} y=${height - 6}>${from}</text>
            <text x=${width - 10} y=${height - 6} text-anchor="end">${to}</text>
          </svg>`
      : nothing
  }`;
  const table = html`<table>
    <caption>
      ${view.t('swarmCaption', { service: report.service.name })}
    </caption>
    <thead>
      <tr>
        <th scope="col">${view.t('publishedOn')}</th>
        <th scope="col">${view.t('storyTitle')}</th>
        <th scope="col">${view.t(by === 'criticality' ? 'byCriticality' : 'stage')}</th>
      </tr>
    </thead>
    <tbody>
      ${[...dots].reverse().map(
        (dot) =>
          html`<tr>
            <td>${view.day(isoDay(dot.at))}</td>
            <td>
              <button type="button" class="link" @click=${() => view.openStory(dot.id)}>${dot.title}</button>
            </td>
            <td>${view.t(laneList[dot.lane][0])}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
  return chartSection(view, 'swarm', 'swarmHeading', summary, picture, table);
}
