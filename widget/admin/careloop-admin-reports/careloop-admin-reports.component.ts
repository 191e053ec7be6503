import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { AdminView } from '../admin-view.js';
import { adminStyles } from '../admin.styles.js';
import { parseCsv } from '../charts/csv.js';
import { dayStart, lastDays } from '../charts/time.js';
import { careloopAdminReportsStyles } from './careloop-admin-reports.styles.js';
import { childrenTable, tagsChart, trendChart } from './charts.js';
import { demographicsTables } from './demographics-table.js';
import type { ColourBy, Dot, Report } from './report.js';
import { swarmChart, type SwarmView } from './swarm-chart.js';
import '../careloop-admin-service-search/careloop-admin-service-search.js';

type Period = '30' | '90' | '365' | 'dates';

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
    void this.loadServiceNames(me.services);
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

  /** 30 hours → "30 hours"; 60 → "2.5 days". */
  private duration(hours: number): string {
    const days = hours >= 48;
    const n = Math.round((days ? hours / 24 : hours) * 10) / 10;
    return this.t(days ? 'days' : n === 1 ? 'hourOne' : 'hours', {
      count: n.toLocaleString(this.l10n.locale),
    });
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

  /** What the charts (charts.ts, swarm-chart.ts) need of this view: its words, choices and moves. */
  private chartView(): SwarmView {
    return {
      t: (key, values) => this.t(key, values),
      day: (iso) => this.day(iso),
      duration: (hours) => this.duration(hours),
      tableOpen: (id) => this.tables.has(id),
      toggleTable: (id) => this.toggle(id),
      rows: this.rows,
      colourBy: this.colourBy,
      current: this.current,
      chooseColour: (by) => (this.colourBy = by),
      focusDot: (index) => (this.current = index),
      openStory: (id) => this.open(id),
      dotKey: (event, dots) => void this.dotKey(event, dots),
    };
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    const report = this.report;
    const view = this.chartView();
    return html`<h2 tabindex="-1">${this.t('reportsHeading')}</h2>
      ${this.messages()} ${this.renderForm()}
      ${
        !report
          ? html`<p>
              ${this.service ? (this.busy ? this.t('loading') : '') : this.t(this.staffRole ? 'noServices' : 'chooseReportService')}
            </p>`
          : html`<p class="row">
                <strong
                  >${this.t('reportFor', { service: report.service.name, from: this.day(report.period.from), to: this.day(report.period.to) })}</strong
                >
                <a
                  class="download"
                  href=${this.csvUrl}
                  download="careloop-${report.service.id}-${report.period.from}-${report.period.to}.csv"
                  >${this.t('downloadCsv')}</a
                >
              </p>
              ${swarmChart(report, view)} ${trendChart(report, view)} ${tagsChart(report, view)}
              ${childrenTable(report, view)} ${demographicsTables(report, view)}`
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
            ? html`<div>${this.serviceSelect(services, this.service)}</div>`
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
                  ${value === 'dates' ? this.t('chooseDates') : this.t('lastDays', { days: value })}
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
}
