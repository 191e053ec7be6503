import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiAnswer, ApiRequestBody } from '../../api/answers.js';
import { adminStyles } from '../admin.styles.js';
import { AdminView } from '../admin-view.js';
import type { AdminKey } from '../l10n/index.js';
import '../careloop-admin-service-search/careloop-admin-service-search.js';
import type { CareloopServiceChosenDetail } from '../careloop-admin-service-search/careloop-admin-service-search.js';
import { careloopAdminApiKeysStyles } from './careloop-admin-api-keys.styles.js';

type ApiKey = ApiAnswer<'/api-keys'>['keys'][number];
type NewApiKey = ApiAnswer<'/api-keys', 'post', 201>;
type CreateBody = ApiRequestBody<'/api-keys', 'post'>;
type Scope = ApiKey['scopes'][number];

const scopeLabels: Array<[Scope, AdminKey]> = [
  ['stories:read', 'apiKeyScopeRead'],
  ['stories:read-staff', 'apiKeyScopeReadStaff'],
];

const stateLabels: Record<ApiKey['state'], AdminKey> = {
  active: 'apiKeyStateActive',
  revoked: 'apiKeyStateRevoked',
  expired: 'apiKeyStateExpired',
};

/** The form's fields, by the name the service gives them in a problem's `errors`. */
type Field = 'name' | 'board' | 'scopes' | 'expiresAt' | 'requestsPerMinute';

/**
 * Partner API keys, for admins: the keys (never the keys themselves, only a short hint), a form that
 * creates one for a board and shows it this once, and revoking one after a confirm step.
 *
 * @summary Create, list and revoke partners' read-only API keys.
 */
export class CareloopAdminApiKeys extends AdminView {
  static override styles = [adminStyles, careloopAdminApiKeysStyles];

  @state() private keys?: ApiKey[];
  /** The key just created: shown this once, until the admin says it is copied or leaves the tab. */
  @state() private created?: NewApiKey;
  /** The board chosen for a new key. */
  @state() private board?: CareloopServiceChosenDetail;
  /** The key whose revocation is waiting for a yes. */
  @state() private confirming?: ApiKey;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('me') && this.me) void this.load();
  }

  private async load(): Promise<void> {
    const list = await this.run(() => this.api!.call<ApiAnswer<'/api-keys'>>('GET', 'api-keys'));
    if (list) this.keys = list.keys;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const expires = String(data.get('expiresAt') ?? '');
    const perMinute = String(data.get('requestsPerMinute') ?? '').trim();
    const name = String(data.get('name') ?? '').trim();
    // What is left empty is left out, so the service says "fill this in" rather than "too short".
    const body: Partial<CreateBody> = {
      ...(name ? { name } : {}),
      scopes: [String(data.get('scopes')) as Scope],
      // A date means "until the end of that day" where the admin is.
      ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
      // Sent as typed, even if not a whole number, so the service names the field rather than us guessing.
      ...(perMinute ? { requestsPerMinute: Number(perMinute) } : {}),
      ...(this.board ? { board: this.board.id } : {}),
    };
    const created = await this.run(() => this.api!.call<NewApiKey>('POST', 'api-keys', body));
    if (!created) {
      const first = this.error?.fields[0]?.field.split('.')[0];
      if (first) void this.focusSoon(`#key-${first}`);
      return;
    }
    // The list never holds the key: it lives only in `created`, gone once the admin has copied it.
    const { key: _key, ...listed } = created;
    this.keys = [listed, ...(this.keys ?? [])];
    this.created = created;
    this.board = undefined;
    form.reset();
    this.say('apiKeyCreated');
    void this.focusSoon('#new-key');
  }

  private async copyKey(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.created!.key);
      this.say('apiKeyCopied');
    } catch {
      // No clipboard (an insecure page, or permission refused): the key is selectable text.
      this.say('apiKeyCopyFailed');
      getSelection()?.selectAllChildren(this.renderRoot.querySelector('#new-key code')!);
    }
  }

  private forgetCreated(): void {
    this.created = undefined;
    this.status = '';
    void this.focusSoon('h2');
  }

  private askToRevoke(key: ApiKey): void {
    this.confirming = key;
    void this.focusSoon('#revoke-confirm');
  }

  private cancelRevoke(): void {
    const id = this.confirming?.id;
    this.confirming = undefined;
    void this.focusSoon(`#revoke-${id}`);
  }

  private async revoke(key: ApiKey): Promise<void> {
    const revoked = await this.run(() =>
      this.api!.call<ApiKey>('POST', `api-keys/${encodeURIComponent(key.id)}/revocation`),
    );
    if (!revoked) return;
    this.confirming = undefined;
    this.keys = this.keys?.map((k) => (k.id === revoked.id ? revoked : k));
    this.say('apiKeyRevoked');
    void this.focusSoon('.status');
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    return html`<h2 tabindex="-1">${this.t('apiKeysHeading')}</h2>
      <p class="hint">${this.t('apiKeysIntro')}</p>
      ${this.messages()} ${this.created ? this.renderCreated(this.created) : nothing} ${this.renderKeys()}
      ${this.renderForm()}`;
  }

  private renderCreated(created: NewApiKey) {
    return html`<article id="new-key" class="new-key" tabindex="-1" aria-labelledby="new-key-heading">
      <h3 id="new-key-heading">${this.t('apiKeyNewLabel', { name: created.name })}</h3>
      <p><strong>${this.t('apiKeyShownOnce')}</strong></p>
      <p><code>${created.key}</code></p>
      <div class="row">
        <button type="button" @click=${this.copyKey}>${this.t('apiKeyCopy')}</button>
        <button type="button" class="secondary" @click=${this.forgetCreated}>${this.t('apiKeyDone')}</button>
      </div>
    </article>`;
  }

  private renderKeys() {
    if (!this.keys) return nothing;
    if (this.keys.length === 0) return html`<p>${this.t('apiKeysNone')}</p>`;
    return html`<ul class="keys" aria-label=${this.t('apiKeysHeading')}>
      ${this.keys.map((key) => this.renderKey(key))}
    </ul>`;
  }

  private renderKey(key: ApiKey) {
    const scopes = key.scopes.map((scope) => this.scopeLabel(scope)).join('; ');
    return html`<li>
      <h3>${key.name} <span class="badge">${this.t(stateLabels[key.state])}</span></h3>
      <p class="hint">${this.t('apiKeyHint', { hint: key.hint })}</p>
      <p>${this.t('apiKeyBoardOf', { name: key.board.name })}</p>
      <p>
        ${this.t('apiKeyScopesOf', { scopes })} ·
        ${this.t('apiKeyPerMinute', { count: key.requestsPerMinute })}
      </p>
      <p>${this.t('apiKeyCreatedOn', { date: this.date(key.createdAt), name: key.createdBy.name })}</p>
      <p>${this.t('apiKeyLastUsed', { date: this.date(key.lastUsedAt) })}</p>
      <p>
        ${key.expiresAt ? this.t('apiKeyExpiresOn', { date: this.date(key.expiresAt) }) : this.t('apiKeyNoExpiry')}
      </p>
      ${
        key.revokedAt
          ? html`<p>
              ${this.t('apiKeyRevokedOn', { date: this.date(key.revokedAt), name: key.revokedBy?.name ?? '' })}
            </p>`
          : nothing
      }
      ${key.state === 'active' ? this.renderRevoke(key) : nothing}
    </li>`;
  }

  private renderRevoke(key: ApiKey) {
    if (this.confirming?.id !== key.id) {
      return html`<div class="row">
        <button type="button" class="secondary" id="revoke-${key.id}" @click=${() => this.askToRevoke(key)}>
          ${this.t('apiKeyRevoke')}
        </button>
      </div>`;
    }
    return html`<div id="revoke-confirm" role="group" tabindex="-1" aria-labelledby="revoke-question">
      <p id="revoke-question">${this.t('apiKeyRevokeConfirm', { name: key.name })}</p>
      <div class="row">
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.revoke(key)}>
          ${this.t('apiKeyRevokeYes')}
        </button>
        <button type="button" class="secondary" @click=${this.cancelRevoke}>${this.t('cancel')}</button>
      </div>
    </div>`;
  }

  /** The service's words about one field, in this view's language, for beside that field. */
  private errorsOf(field: Field) {
    const mine = (this.error?.fields ?? []).filter(
      (error) => error.field === field || error.field.startsWith(`${field}.`),
    );
    if (mine.length === 0) return nothing;
    return html`<p id="key-${field}-error" class="field-error">
      ${mine.map((error) => this.fieldError(error)).join(' ')}
    </p>`;
  }

  private invalid(field: Field): boolean {
    return (this.error?.fields ?? []).some((error) => error.field.split('.')[0] === field);
  }

  /** `aria-invalid` and `aria-describedby` for a field the service named. */
  private described(field: Field) {
    return this.invalid(field) ? `key-${field}-error` : nothing;
  }

  private renderForm() {
    return html`<form novalidate @submit=${this.create}>
      <h3>${this.t('apiKeyAdd')}</h3>
      <label for="key-name">${this.t('apiKeyName')}</label>
      <input
        id="key-name"
        name="name"
        type="text"
        maxlength="100"
        autocomplete="off"
        aria-invalid=${this.invalid('name') ? 'true' : 'false'}
        aria-describedby=${this.described('name')}
      />
      ${this.errorsOf('name')}
      <fieldset id="key-board" tabindex="-1" aria-describedby=${this.described('board')}>
        <legend>${this.t('apiKeyBoard')}</legend>
        <careloop-admin-service-search
          .api=${this.api}
          label=${this.t('apiKeyFindBoard')}
          @careloop-service-chosen=${(event: CustomEvent<CareloopServiceChosenDetail>) =>
            (this.board = event.detail)}
        ></careloop-admin-service-search>
        <p aria-live="polite">${this.board ? this.t('chosen', { name: this.board.name }) : nothing}</p>
        ${this.errorsOf('board')}
      </fieldset>
      <fieldset id="key-scopes" tabindex="-1" aria-describedby=${this.described('scopes')}>
        <legend>${this.t('apiKeyScope')}</legend>
        ${scopeLabels.map(
          ([scope, label], i) =>
            html`<label class="inline"
              ><input type="radio" name="scopes" value=${scope} ?checked=${i === 0} /> ${this.t(label)}</label
            >`,
        )}
        ${this.errorsOf('scopes')}
      </fieldset>
      <label for="key-expiresAt">${this.t('apiKeyExpires')}</label>
      <input
        id="key-expiresAt"
        name="expiresAt"
        type="date"
        aria-invalid=${this.invalid('expiresAt') ? 'true' : 'false'}
        aria-describedby=${this.described('expiresAt')}
      />
      ${this.errorsOf('expiresAt')}
      <label for="key-requestsPerMinute">${this.t('apiKeyRate')}</label>
      <input
        id="key-requestsPerMinute"
        name="requestsPerMinute"
        type="number"
        inputmode="numeric"
        min="1"
        max="6000"
        step="1"
        aria-invalid=${this.invalid('requestsPerMinute') ? 'true' : 'false'}
        aria-describedby=${this.described('requestsPerMinute')}
      />
      ${this.errorsOf('requestsPerMinute')}
      <div class="row">
        <button type="submit" ?disabled=${this.busy}>${this.t('apiKeyCreate')}</button>
      </div>
    </form>`;
  }

  private scopeLabel(scope: Scope): string {
    const label = scopeLabels.find(([known]) => known === scope)?.[1];
    return label ? this.t(label) : scope;
  }
}
