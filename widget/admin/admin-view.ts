import { html, LitElement, nothing, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, siteRefusedType, type AdminApi, type FieldError, type Me } from './api.js';
import { adminStyles } from './admin.styles.js';
import { LocaleController, type MessageValues } from '../l10n/index.js';
import { adminCatalogues, isAdminKey, type AdminKey } from './l10n/index.js';
import { formatDateTime } from '../shared/dates.js';

/** What a failed call means to the person, in their language. */
export function errorKey(error: unknown): AdminKey {
  const status = error instanceof ApiError ? error.status : -1;
  if (error instanceof ApiError && error.type === siteRefusedType) return 'errSiteRefused';
  return (
    (
      {
        0: 'errUnavailable',
        400: 'errInvalid',
        403: 'errForbidden',
        404: 'errNotFound',
        409: 'errConflict',
      } as const
    )[status] ?? 'errOther'
  );
}

/** The label of each field the service may name, as the forms show it; a path falls back to its parent. */
export const fieldLabels: Record<string, AdminKey> = {
  email: 'email',
  password: 'password',
  title: 'title',
  body: 'body',
  reason: 'reason',
  services: 'services',
  service: 'service',
  criticality: 'criticality',
  change: 'changeMarker',
  from: 'fromDay',
  to: 'toDay',
  constituency: 'constituency',
  mode: 'mode',
  minCriticality: 'minCriticality',
  'tags.good': 'tagsGoodShort',
  'tags.improve': 'tagsImproveShort',
  'tags.feelings': 'tagsFeelingsShort',
  url: 'webhookUrl',
  events: 'webhookEvents',
  description: 'webhookDescription',
  name: 'apiKeyName',
  board: 'apiKeyBoard',
  scopes: 'apiKeyScope',
  expiresAt: 'apiKeyExpires',
  requestsPerMinute: 'apiKeyRate',
  nickname: 'toldNickname',
  authorRole: 'toldTeller',
  'onBehalf.via': 'toldVia',
  'onBehalf.consent': 'toldConsent',
  'onBehalf.consentNote': 'toldConsentNote',
};

/**
 * What every admin view shares: the signed-in account and API, its language, one polite status line and
 * one alert for errors, and moving focus to what changed once it is rendered.
 */
export class AdminView extends LitElement {
  static override styles: CSSResultGroup = adminStyles;

  /** The signed-in session's API client (set by `<careloop-admin>`). */
  @property({ attribute: false }) api?: AdminApi;
  /** The signed-in account (set by `<careloop-admin>`). */
  @property({ attribute: false }) me?: Me;

  @state() protected status = '';
  @state() protected error?: { key: AdminKey; fields: FieldError[] };
  @state() protected busy = false;
  /** The names of the services a view offers in its service select (shown by id until they arrive). */
  @state() protected serviceNames = new Map<string, string>();

  protected readonly l10n = new LocaleController(this, adminCatalogues);
  /** How this view names the fields the service may name in a problem (a view may word one its own way). */
  protected readonly fieldLabels: Readonly<Record<string, AdminKey>> = fieldLabels;

  /** `msg` with the admin catalogues' named placeholders: `t('reportFor', { service, from, to })`. */
  protected t(key: AdminKey, values?: MessageValues): string {
    return this.l10n.msg(key, values);
  }

  /** Runs a call with the view marked busy; a failure shows in the alert (and focus goes there). */
  protected async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = undefined;
    try {
      return await work();
    } catch (error) {
      // A 401 has already sent the person back to sign in; nothing more to say here.
      if (error instanceof ApiError && error.status === 401) return undefined;
      this.status = '';
      this.error = {
        key: errorKey(error),
        fields: error instanceof ApiError ? error.errors : [],
      };
      this.focusSoon('.error');
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /**
   * A field error in the view's language: the field's label and what its code means (with its bound),
   * or the service's own words for a field or code this catalogue does not know.
   */
  protected fieldError({ field, code, message, limit }: FieldError): string {
    let path = field;
    const labels = this.fieldLabels;
    while (!labels[path] && path.includes('.')) path = path.slice(0, path.lastIndexOf('.'));
    const label = labels[path] ? this.t(labels[path]) : field;
    // A code the catalogue words (`code-<code>`); a newer service's code falls back to its own message.
    const key = `code-${code}`;
    const said = code && isAdminKey(key) ? this.t(key, { limit: limit ?? '' }) : message;
    return `${label}: ${said}`;
  }

  /** Says something in the polite live region. */
  protected say(key: AdminKey): void {
    this.error = undefined;
    this.status = this.t(key);
  }

  protected async focusSoon(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  protected date(iso: string | null | undefined, time = true): string {
    if (!iso) return this.t('notYet');
    return formatDateTime(iso, this.l10n.locale, time);
  }

  /** Asks for the names of `services`, once each per session, for `serviceSelect`. */
  protected async loadServiceNames(services: string[]): Promise<void> {
    const found = await Promise.all(services.map((id) => this.api!.serviceName(id)));
    this.serviceNames = new Map(services.map((id, i) => [id, found[i]!]));
  }

  /** A select of `services` by name (the views that narrow to one of the account's services). */
  protected serviceSelect(services: string[], selected: string | undefined) {
    return html`<label for="service">${this.t('service')}</label>
      <select id="service" name="service">
        ${services.map(
          (id) =>
            html`<option value=${id} ?selected=${id === selected}>
              ${this.serviceNames.get(id) ?? id}
            </option>`,
        )}
      </select>`;
  }

  /** "Load more" under a list while it has a next page. */
  protected loadMoreButton(next: string | null | undefined, load: () => void) {
    return next
      ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${load}>
          ${this.t('loadMore')}
        </button>`
      : nothing;
  }

  /** The status line and the error alert every view shows at its top. */
  protected messages() {
    return html`<p class="status" role="status" aria-live="polite" tabindex="-1">${this.status}</p>
      <div class="error" role="alert" tabindex="-1">
        ${
          this.error
            ? html`<p>${this.t(this.error.key)}</p>
                ${
                  this.error.fields.length
                    ? html`<ul>
                        ${this.error.fields.map((field) => html`<li>${this.fieldError(field)}</li>`)}
                      </ul>`
                    : nothing
                }`
            : nothing
        }
      </div>`;
  }
}
