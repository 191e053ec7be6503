import { html, nothing, svg, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { AdminView } from '../admin-view.js';
import { adminStyles } from '../admin.styles.js';
import type { AdminKey } from '../l10n/index.js';
import { parseCsv } from '../charts/csv.js';
import { labelColumn, labelLineHeight } from '../charts/labels.js';
import { layoutSwarm } from '../charts/swarm.js';
import { dayStart, isoDay, lastDays, weekMonday } from '../charts/time.js';
import { careloopAdminReportsStyles } from './careloop-admin-reports.styles.js';
import '../careloop-admin-service-search/careloop-admin-service-search.js';

interface Figures {
  stories: number;
  responded: number;
  responseRate: number | null;
  medianHoursToFirstResponse: number | null;
  p90HoursToFirstResponse: number | null;
}
interface Week extends Figures {
  week: string;
}
interface Tag {
  tag: string;
  stories: number;
  previousStories: number;
  change: number;
}
type TagKind = 'good' | 'improve' | 'feelings';
interface Child extends Figures {
  rank: number;
  id: string;
  name: string;
}
/** The part of `GET /reports/services/:id` this view draws. */
export interface Report {
  service: { id: string; name: string };
  period: { from: string; to: string; days: number; previousFrom: string };
  totals: Figures;
  trend: Week[];
  tags: Record<TagKind, Tag[]>;
  criticality?: Array<{ level: number | null; stories: number }>;
  children: Child[];
}

/** One story of the swarm, from the report's CSV. */
interface Dot {
  id: string;
  at: number;
  title: string;
  lane: number;
}

type ColourBy = 'criticality' | 'progress' | 'response';
type Period = '30' | '90' | '365' | 'dates';

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

/**
 * A row label of a chart, right-aligned at `x` and centred on `y` whatever its number of lines. Lines
 * after the first keep a space before them, so the label's text reads as one sentence.
 */
const rowLabel = (lines: string[], x: number, y: number) =>
  svg`<text x=${x} y=${y + 4 - ((lines.length - 1) * labelLineHeight) / 2} text-anchor="end">${lines.map(
    (line, i) => (i === 0 ? line : svg`<tspan x=${x} dy=${labelLineHeight}>${' '}${line}</tspan>`),
  )}</text>`;

/** The swarm shows at most this many stories: the most recent. */
export const swarmLimit = 500;
const width = 640;
const dotGap = 10;

/** What the person last looked at, so going to a story and back keeps their choice. */
let remembered:
  { user: string; service: string; name: string; period: Period; from: string; to: string } | undefined;

/**
 * Reports for a service and everything below it over a period: a story swarm (one dot per story, in
 * lanes by criticality or progress), the weekly response rate, tag bars and the services below, each
 * with a one-sentence summary and its table; and the stories behind them as a CSV download.
 *
 * @summary Reports: how a service is listening, as charts with tables.
 * @fires careloop-admin-open-story - A story of the swarm was chosen; `detail.id` is the story's id.
 */
export class CareloopAdminReports extends AdminView {
  static override styles = [adminStyles, careloopAdminReportsStyles];

  @state() private service = '';
  @state() private serviceName = '';
  @state() private names = new Map<string, string>();
  @state() private period: Period = '90';
  @state() private from = '';
  @state() private to = '';
  @state() private report?: Report;
  @state() private rows: Array<Record<string, string>> = [];
  @state() private csvUrl = '';
  @state() private colourBy: ColourBy = 'progress';
  @state() private tables = new Set<string>();
  @state() private current = 0;
  @state() private invalidDates = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('me') || !this.me) return;
    const me = this.me;
    if (remembered?.user === me.id) {
      ({ service: this.service, name: this.serviceName, period: this.period } = remembered);
      ({ from: this.from, to: this.to } = remembered);
    } else {
      this.service = me.services[0] ?? '';
      ({ from: this.from, to: this.to } = lastDays(90));
    }
    void this.loadNames(me.services);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = '';
  }

  private get staffRole(): boolean {
    return this.me?.role === 'staff' || this.me?.role === 'stakeholder';
  }

  private async loadNames(services: string[]): Promise<void> {
    const found = await Promise.all(services.map((id) => this.api!.serviceName(id)));
    this.names = new Map(services.map((id, i) => [id, found[i]]));
  }

  /** The figures and the stories behind them, for the chosen service and period. */
  private async load(): Promise<void> {
    if (!this.service) return;
    const query = { from: this.from, to: this.to };
    const path = `reports/services/${this.service}`;
    const loaded = await this.run(() =>
      Promise.all([this.api!.call<Report>('GET', path, undefined, query), this.api!.csv(path, query)]),
    );
    if (!loaded) return;
    const [report, csv] = loaded;
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    this.report = report;
    this.serviceName = report.service.name;
    this.rows = parseCsv(csv);
    this.colourBy = report.criticality
      ? 'criticality'
      : this.rows[0]?.progress !== undefined
        ? 'progress'
        : 'response';
    this.current = 0;
    remembered = {
      user: this.me!.id,
      service: this.service,
      name: this.serviceName,
      period: this.period,
      ...query,
    };
    this.say('reportShown');
  }

  private apply(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    if (value('service')) this.service = value('service');
    this.period = value('period') as Period;
    if (this.period === 'dates') {
      const [from, to] = [value('from'), value('to')];
      this.invalidDates = !from || !to || from > to;
      if (this.invalidDates) return void this.focusSoon('#from');
      [this.from, this.to] = [from, to];
    } else ({ from: this.from, to: this.to } = lastDays(Number(this.period)));
    void this.load();
  }

  private chosen(event: CustomEvent<{ id: string; name: string }>): void {
    this.service = event.detail.id;
    this.serviceName = event.detail.name;
    void this.load();
  }

  private toggle(id: string): void {
    const tables = new Set(this.tables);
    if (!tables.delete(id)) tables.add(id);
    this.tables = tables;
  }

  private open(id: string): void {
    this.dispatchEvent(
      new CustomEvent('careloop-admin-open-story', { detail: { id }, bubbles: true, composed: true }),
    );
  }

  /** Arrow keys move between the swarm's dots (one tab stop), Enter or Space opens the story. */
  private async dotKey(event: KeyboardEvent, dots: Dot[]): Promise<void> {
    const moves: Record<string, number> = {
      ArrowRight: this.current + 1,
      ArrowDown: this.current + 1,
      ArrowLeft: this.current - 1,
      ArrowUp: this.current - 1,
      Home: 0,
      End: dots.length - 1,
    };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      return this.open(dots[this.current].id);
    }
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.current = Math.max(0, Math.min(dots.length - 1, moves[event.key]));
    await this.focusSoon('.dot[tabindex="0"]');
  }

  // Formatting: numbers, rates, durations and UTC days in the view's language.

  private pct(rate: number | null): string {
    return rate === null ? '–' : `${Math.round(rate * 100)}%`;
  }

  private hours(value: number | null): string {
    return value === null ? '–' : String(Math.round(value * 10) / 10);
  }

  /** 30 hours → "30 hours"; 60 → "2.5 days". */
  private duration(hours: number): string {
    const days = hours >= 48;
    const n = Math.round((days ? hours / 24 : hours) * 10) / 10;
    return this.t(days ? 'days' : n === 1 ? 'hourOne' : 'hours', n.toLocaleString(this.l10n.locale));
  }

  private day(iso: string): string {
    const date = new Date(dayStart(iso));
    const locale = this.l10n.locale;
    // careloop serves the UK: English dates are British ("2 Mar 2026").
    const intl = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    // Some Chromium builds know no Welsh or Gaelic: then the catalogue's month names.
    if (intl.resolvedOptions().locale.startsWith(locale)) return intl.format(date);
    return this.t('datePattern')
      .replace('{d}', String(date.getUTCDate()))
      .replace('{month}', this.t('dateMonths').split(',')[date.getUTCMonth()])
      .replace('{y}', String(date.getUTCFullYear()));
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    const report = this.report;
    return html`<h2 tabindex="-1">${this.t('reportsHeading')}</h2>
      ${this.messages()} ${this.renderForm()}
      ${
        !report
          ? html`<p>
              ${this.service ? (this.busy ? this.t('loading') : '') : this.t(this.staffRole ? 'noServices' : 'chooseReportService')}
            </p>`
          : html`<p class="row">
                <strong
                  >${this.t('reportFor', report.service.name, this.day(report.period.from), this.day(report.period.to))}</strong
                >
                <a
                  class="download"
                  href=${this.csvUrl}
                  download="careloop-${report.service.id}-${report.period.from}-${report.period.to}.csv"
                  >${this.t('downloadCsv')}</a
                >
              </p>
              ${this.renderSwarm(report)} ${this.renderTrend(report)} ${this.renderTags(report)}
              ${this.renderChildren(report)}`
      }`;
  }

  private renderForm() {
    const services = this.me?.services ?? [];
    if (this.staffRole && services.length === 0) return nothing;
    const period = this.period;
    return html`${
        this.staffRole
          ? nothing
          : html`<careloop-admin-service-search
              .api=${this.api}
              .me=${this.me}
              @careloop-service-chosen=${this.chosen}
            ></careloop-admin-service-search>`
      }
      <form class="filters" novalidate @submit=${this.apply}>
        ${
          services.length > 1 && this.staffRole
            ? html`<div>
                <label for="service">${this.t('service')}</label>
                <select id="service" name="service">
                  ${services.map(
                    (id) =>
                      html`<option value=${id} ?selected=${id === this.service}>
                        ${this.names.get(id) ?? id}
                      </option>`,
                  )}
                </select>
              </div>`
            : nothing
        }
        <div>
          <label for="period">${this.t('period')}</label>
          <select
            id="period"
            name="period"
            @change=${(e: Event) => (this.period = (e.target as HTMLSelectElement).value as Period)}
          >
            ${(['30', '90', '365', 'dates'] as const).map(
              (value) =>
                html`<option value=${value} ?selected=${value === period}>
                  ${value === 'dates' ? this.t('chooseDates') : this.t('lastDays', value)}
                </option>`,
            )}
          </select>
        </div>
        ${
          period === 'dates'
            ? html`${(['from', 'to'] as const).map(
                (name) =>
                  html`<div>
                    <label for=${name}>${this.t(name === 'from' ? 'fromDay' : 'toDay')}</label>
                    <input
                      id=${name}
                      name=${name}
                      type="date"
                      .value=${this[name]}
                      aria-invalid=${this.invalidDates ? 'true' : 'false'}
                      aria-describedby=${this.invalidDates ? 'dates-error' : nothing}
                    />
                  </div>`,
              )}`
            : nothing
        }
        <button type="submit" ?disabled=${this.busy || !this.service}>${this.t('showReport')}</button>
      </form>
      ${this.invalidDates ? html`<p id="dates-error" class="field-error">${this.t('datesNeeded')}</p>` : nothing}`;
  }

  /** A chart's heading, summary, picture, and its table behind a "Show as table" button. */
  private chart(id: string, heading: AdminKey, summary: string, picture: unknown, table: unknown) {
    const open = this.tables.has(id);
    return html`<section class="chart" aria-labelledby="${id}-h">
      <h3 id="${id}-h">${this.t(heading)}</h3>
      <p class="summary">${summary}</p>
      ${picture}
      <button
        type="button"
        class="secondary"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls="${id}-t"
        @click=${() => this.toggle(id)}
      >
        ${this.t(open ? 'hideTable' : 'showTable')}
      </button>
      <div id="${id}-t" class="table" role="region" tabindex="0" aria-labelledby="${id}-h" ?hidden=${!open}>
        ${table}
      </div>
    </section>`;
  }

  private renderSwarm(report: Report) {
    const { totals, period } = report;
    const from = this.day(period.from);
    const to = this.day(period.to);
    const one = totals.stories === 1 ? 'One' : '';
    const summary =
      totals.stories === 0
        ? this.t('summaryNone', from, to)
        : totals.medianHoursToFirstResponse === null
          ? this.t(`summaryUnanswered${one}` as AdminKey, totals.stories, from, to)
          : this.t(
              `summary${one}` as AdminKey,
              totals.stories,
              from,
              to,
              this.pct(totals.responseRate),
              this.duration(totals.medianHoursToFirstResponse),
            );
    const by = this.colourBy;
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
    const dots: Dot[] = this.rows.slice(-swarmLimit).map((row) => ({
      id: row.id,
      at: Date.parse(row.publishedAt),
      title: row.title,
      lane: laneOf(row),
    }));
    const counts = laneList.map((_, lane) => dots.filter((dot) => dot.lane === lane).length);
    // Lane labels whole, in any language: the margin grows to fit them (and wraps the longest).
    const { left, lines } = labelColumn(
      laneList.map(([key], lane) => `${this.t(key)} (${counts[lane]})`),
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
    const label = (dot: Dot) =>
      `${dot.title} · ${this.day(isoDay(dot.at))} · ${this.t(laneList[dot.lane][0])}`;
    const current = Math.min(this.current, dots.length - 1);
    const picture = html`${
      this.rows.length > swarmLimit
        ? html`<p class="hint">${this.t('swarmLimited', swarmLimit, this.rows.length)}</p>`
        : nothing
    }
    ${
      report.criticality
        ? html`<div class="row">
            <label for="colour-by" class="inline"
              >${this.t('colourBy')}
              <select
                id="colour-by"
                @change=${(e: Event) => (this.colourBy = (e.target as HTMLSelectElement).value as ColourBy)}
              >
                ${(['criticality', 'progress'] as const).map(
                  (value) =>
                    html`<option value=${value} ?selected=${value === by}>
                      ${this.t(value === 'criticality' ? 'byCriticality' : 'stage')}
                    </option>`,
                )}
              </select></label
            >
          </div>`
        : nothing
    }
    ${
      dots.length
        ? html`<p class="hint" id="swarm-k">${this.t('swarmKeys')}</p>
            <svg
              class="swarm"
              viewBox="0 0 ${width} ${height}"
              role="group"
              aria-labelledby="swarm-h"
              aria-describedby="swarm-k"
              @click=${(e: Event) => {
                const id = (e.target as Element).closest<SVGElement>('.dot')?.dataset.id;
                if (id) this.open(id);
              }}
              @keydown=${(e: KeyboardEvent) => this.dotKey(e, dots)}
              @focusin=${(e: Event) => {
                const i = dots.findIndex((dot) => dot.id === (e.target as SVGElement).dataset?.id);
                if (i >= 0) this.current = i;
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
        ${this.t('swarmCaption', report.service.name)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${this.t('publishedOn')}</th>
          <th scope="col">${this.t('storyTitle')}</th>
          <th scope="col">${this.t(by === 'criticality' ? 'byCriticality' : 'stage')}</th>
        </tr>
      </thead>
      <tbody>
        ${[...dots].reverse().map(
          (dot) =>
            html`<tr>
              <td>${this.day(isoDay(dot.at))}</td>
              <td>
                <button type="button" class="link" @click=${() => this.open(dot.id)}>${dot.title}</button>
              </td>
              <td>${this.t(laneList[dot.lane][0])}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
    return this.chart('swarm', 'swarmHeading', summary, picture, table);
  }

  private renderTrend(report: Report) {
    const weeks = report.trend;
    const rated = weeks.filter((week) => week.responseRate !== null);
    const rates = rated.map((week) => week.responseRate!);
    const summary = rated.length
      ? this.t(
          'trendSummary',
          weeks.length,
          this.pct(Math.min(...rates)),
          this.pct(Math.max(...rates)),
          this.pct(report.totals.responseRate),
        )
      : this.t('trendNone');
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
          <text x=${left - 6} y=${yOf(rate) + 4} text-anchor="end">${this.pct(rate)}</text>`,
      )}
      <path class="line" d=${path}></path>
      ${weeks.map((week, i) =>
        week.responseRate === null
          ? nothing
          : svg`<circle class="point" cx=${xOf(i)} cy=${yOf(week.responseRate)} r="4"></circle>`,
      )}
      ${
        weeks.length
          ? svg`<text x=${xOf(0)} y=${plotH + 36}>${this.day(weekMonday(weeks[0].week))}</text>
            <text x=${xOf(weeks.length - 1)} y=${plotH + 36} text-anchor="end">${this.day(weekMonday(weeks[weeks.length - 1].week))}</text>`
          : nothing
      }
    </svg>`;
    const table = html`<table>
      <caption>
        ${this.t('trendCaption', report.service.name)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${this.t('weekOf')}</th>
          <th scope="col">${this.t('colStories')}</th>
          <th scope="col">${this.t('colResponded')}</th>
          <th scope="col">${this.t('colRate')}</th>
          <th scope="col">${this.t('colMedian')}</th>
        </tr>
      </thead>
      <tbody>
        ${weeks.map(
          (week) =>
            html`<tr>
              <th scope="row">${this.day(weekMonday(week.week))}</th>
              <td>${week.stories}</td>
              <td>${week.responded}</td>
              <td>${this.pct(week.responseRate)}</td>
              <td>${this.hours(week.medianHoursToFirstResponse)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
    return this.chart('trend', 'trendHeading', summary, picture, table);
  }

  private change(n: number): string {
    return n > 0 ? `+${n}` : String(n);
  }

  private renderTags(report: Report) {
    const kinds = ['good', 'improve', 'feelings'] as const;
    const kindKey = {
      good: 'tagsGoodShort',
      improve: 'tagsImproveShort',
      feelings: 'tagsFeelingsShort',
    } as const;
    const top = (kind: TagKind) => {
      const tag = report.tags[kind][0];
      return tag ? this.t('tagTop', tag.tag, tag.stories, this.change(tag.change)) : this.t('noTags');
    };
    const summary = this.t('tagsSummary', top('good'), top('improve'), top('feelings'));
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
          <text x=${left + w + 6} y=${middle + 4}>${tag.stories} (${this.change(tag.change)})</text>`;
      });
      return html`<h4>${this.t(kindKey[kind])}</h4>
        ${
          tags.length
            ? html`<svg class="bars" viewBox="0 0 ${width} ${y}" aria-hidden="true">${bars}</svg>`
            : html`<p class="hint">${this.t('noTags')}</p>`
        }`;
    });
    const table = html`<table>
      <caption>
        ${this.t('tagsCaption', this.day(report.period.previousFrom))}
      </caption>
      <thead>
        <tr>
          <th scope="col">${this.t('colKind')}</th>
          <th scope="col">${this.t('colTag')}</th>
          <th scope="col">${this.t('colStories')}</th>
          <th scope="col">${this.t('colPrevious')}</th>
          <th scope="col">${this.t('colChange')}</th>
        </tr>
      </thead>
      <tbody>
        ${kinds.flatMap((kind) =>
          report.tags[kind].map(
            (tag) =>
              html`<tr>
                <td>${this.t(kindKey[kind])}</td>
                <th scope="row">${tag.tag}</th>
                <td>${tag.stories}</td>
                <td>${tag.previousStories}</td>
                <td>${this.change(tag.change)}</td>
              </tr>`,
          ),
        )}
      </tbody>
    </table>`;
    return this.chart('tags', 'tagsHeading', summary, picture, table);
  }

  private renderChildren(report: Report) {
    const children = report.children;
    const first = children[0];
    return html`<section class="chart" aria-labelledby="children-h">
      <h3 id="children-h">${this.t('childrenHeading')}</h3>
      <p class="summary">
        ${
          !first
            ? this.t('childrenNone', report.service.name)
            : this.t('childrenSummary', children.length, first.name, first.stories)
        }
      </p>
      ${
        first
          ? html`<div class="table" role="region" tabindex="0" aria-labelledby="children-h">
              <table>
                <caption>
                  ${this.t('childrenCaption', report.service.name)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${this.t('colRank')}</th>
                    <th scope="col">${this.t('service')}</th>
                    <th scope="col">${this.t('colStories')}</th>
                    <th scope="col">${this.t('colRate')}</th>
                    <th scope="col">${this.t('colMedian')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${children.map(
                    (child) =>
                      html`<tr>
                        <td>${child.rank}</td>
                        <th scope="row">${child.name}</th>
                        <td>${child.stories}</td>
                        <td>${this.pct(child.responseRate)}</td>
                        <td>${this.hours(child.medianHoursToFirstResponse)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }
    </section>`;
  }
}
