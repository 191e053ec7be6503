import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { CareloopClient, serviceBaseFromScript } from '../api/client.js';
import { LocaleController, type MessageKey } from '../l10n/index.js';
import { careloopStoriesStyles } from './careloop-stories.styles.js';

/** Where the widget stands with the service. */
export type ConnectionState = 'checking' | 'connected' | 'unavailable';

export interface CareloopStatusDetail {
  state: Exclude<ConnectionState, 'checking'>;
}

/**
 * Patient stories from careloop for one health board or service, embedded on the board's own site.
 *
 * @summary A board's careloop stories: for now, whether the careloop service can be reached.
 *
 * @fires careloop-status - The connection to the service was checked; `detail.state` is `connected` or `unavailable`.
 *
 * @csspart panel - The box the widget draws around its content.
 * @csspart status - The status line, announced to screen readers as it changes.
 * @csspart retry-button - The button that checks the connection again.
 *
 * @cssprop --careloop-font-family - Font of the widget; inherits the host page's by default.
 * @cssprop --careloop-color-text - Main text colour.
 * @cssprop --careloop-color-text-muted - Secondary text colour, used while connecting.
 * @cssprop --careloop-color-surface - Background of the panel.
 * @cssprop --careloop-color-border - Border of the panel.
 * @cssprop --careloop-color-accent - Background of buttons.
 * @cssprop --careloop-color-accent-text - Text on buttons.
 * @cssprop --careloop-color-success - Colour of the "connected" status.
 * @cssprop --careloop-color-warning - Colour of the "unavailable" status.
 * @cssprop --careloop-color-focus - Focus ring colour.
 * @cssprop --careloop-radius - Corner radius of the panel and buttons.
 * @cssprop --careloop-space - Base spacing unit.
 * @cssprop --careloop-min-height - Space reserved before the content arrives, so the page does not shift.
 */
export class CareloopStories extends LitElement {
  static override styles = careloopStoriesStyles;

  /** The board or service whose stories to show, as its careloop slug (e.g. `nhs-highland`). */
  @property({ reflect: true }) service = '';

  /** Base URL of the careloop service; defaults to the origin that served the widget script. */
  @property() api = '';

  @state() private connection: ConnectionState = 'checking';

  @query('.status') private statusLine?: HTMLElement;
  @query('.retry') private retryButton?: HTMLButtonElement;

  private readonly l10n = new LocaleController(this);
  private inFlight?: AbortController;
  private moveFocusToStatus = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a move in the DOM: the check was abandoned on disconnect, so run it again.
    if (this.hasUpdated) void this.checkConnection();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.inFlight?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('api')) void this.checkConnection();
  }

  protected override updated(): void {
    if (this.moveFocusToStatus && this.connection !== 'checking') {
      this.moveFocusToStatus = false;
      // The Retry button was replaced while checking: put focus back on it, or on the good news.
      (this.connection === 'unavailable' ? this.retryButton : this.statusLine)?.focus();
    }
  }

  /** Asks the service whether it is up and shows the answer. */
  async checkConnection(): Promise<void> {
    this.inFlight?.abort();
    const attempt = new AbortController();
    this.inFlight = attempt;
    this.connection = 'checking';
    let outcome: CareloopStatusDetail['state'];
    try {
      await new CareloopClient(this.serviceBase()).checkHealth(attempt.signal);
      outcome = 'connected';
    } catch {
      outcome = 'unavailable';
    }
    if (attempt.signal.aborted) return;
    this.connection = outcome;
    this.dispatchEvent(
      new CustomEvent<CareloopStatusDetail>('careloop-status', {
        detail: { state: outcome },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private serviceBase(): string {
    // A relative `api` (e.g. `/careloop/`) is relative to the page, as an href would be.
    return this.api
      ? new URL(this.api, this.ownerDocument.baseURI).href
      : serviceBaseFromScript(import.meta.url);
  }

  private retryConnection(): void {
    this.moveFocusToStatus = true;
    void this.checkConnection();
  }

  protected override render() {
    return html`
      <section class="panel" part="panel" aria-label=${this.msg('widgetLabel')} lang=${this.l10n.locale}>
        <div class="status-bar">
          <p
            class="status"
            part="status"
            data-state=${this.connection}
            role="status"
            aria-live="polite"
            tabindex="-1"
          >
            ${this.statusText()}
          </p>
          ${
            this.connection === 'unavailable' && this.l10n.ready
              ? html`<button class="retry" type="button" part="retry-button" @click=${this.retryConnection}>
                  ${this.msg('retry')}
                </button>`
              : nothing
          }
        </div>
      </section>
    `;
  }

  /** Words in the element's language, or none while that language's catalogue is on its way. */
  private msg(key: MessageKey): string {
    return this.l10n.ready ? this.l10n.msg(key) : '';
  }

  private statusText(): string {
    switch (this.connection) {
      case 'checking':
        return this.msg('connecting');
      case 'connected':
        return this.msg('connected');
      case 'unavailable':
        return this.msg('unavailable');
    }
  }
}
