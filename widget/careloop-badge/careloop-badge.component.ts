import { html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CareloopClient, resolveServiceBase } from '../api/client.js';
import { getSummary, type ServiceSummary } from '../api/stories.js';
import { LocaleController, widgetCatalogues } from '../l10n/index.js';
import { wholeNumber } from '../shared/numbers.js';
import { tokens } from '../shared/styles.js';
import { careloopBadgeStyles } from './careloop-badge.styles.js';

/** 0.405 → "41%", as `Intl.NumberFormat` writes it in the widget's languages (see `wholeNumber`). */
const percent = (value: number) => `${wholeNumber(Number((value * 100).toPrecision(12)))}%`;

/**
 * A small badge for a board's sidebar: how many stories were published about a service (and everything
 * below it) in the last 90 days, and what share of them have a response.
 *
 * @summary Stories in the last 90 days and % responded, for one service.
 *
 * @csspart badge - The box holding the two figures.
 *
 * @cssprop --careloop-font-family - Font; inherits the host page's by default.
 * @cssprop --careloop-color-text-muted - The labels.
 * @cssprop --careloop-color-accent - The figures.
 * @cssprop --careloop-color-surface - Background.
 * @cssprop --careloop-color-border - Border.
 * @cssprop --careloop-radius - Corner radius.
 * @cssprop --careloop-space - Base spacing unit.
 * @cssprop --careloop-badge-min-height - Height reserved before the figures arrive.
 */
export class CareloopBadge extends LitElement {
  static override styles = [tokens, careloopBadgeStyles];

  /** The board or service to summarise, as its careloop id (e.g. `nhs-highland`). */
  @property({ reflect: true }) service = '';

  /** Base URL of the careloop service; defaults to the origin that served the widget script. */
  @property() api = '';

  @state() private summary?: ServiceSummary;
  @state() private failed = false;

  private readonly l10n = new LocaleController(this, widgetCatalogues);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('service') || changed.has('api')) && this.service) void this.load();
  }

  private async load(): Promise<void> {
    const client = new CareloopClient(resolveServiceBase(this.api, this.ownerDocument));
    try {
      this.summary = await getSummary(client, this.service);
      this.failed = false;
    } catch {
      // A sidebar badge stays quiet when careloop is down: dashes, never a broken page.
      this.failed = true;
    }
  }

  protected override render() {
    const { summary, l10n } = this;
    const msg = (key: 'badgeLabel' | 'badgeStories' | 'badgeResponded') => (l10n.ready ? l10n.msg(key) : '');
    const number = (value: number, style?: 'percent') =>
      summary ? (style ? percent(value) : wholeNumber(value)) : this.failed ? '–' : '…';
    return html`<div
      role="group"
      part="badge"
      aria-label=${msg('badgeLabel')}
      aria-busy=${!summary && !this.failed}
      lang=${l10n.locale}
    >
      <dl>
        <div>
          <dt>${msg('badgeStories')}</dt>
          <dd>${number(summary?.stories ?? 0)}</dd>
        </div>
        <div>
          <dt>${msg('badgeResponded')}</dt>
          <dd>${number(summary?.responseRate ?? 0, 'percent')}</dd>
        </div>
      </dl>
    </div>`;
  }
}
