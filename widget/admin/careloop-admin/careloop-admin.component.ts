import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { serviceBaseFromScript } from '../../api/client.js';
import { AdminView } from '../admin-view.js';
import { adminStyles } from '../admin.styles.js';
import {
  AdminApi,
  ApiError,
  siteRefusedType,
  type IdentityProvider,
  type Me,
  type Role,
  type SignInOptions,
} from '../api.js';
import type { AdminKey } from '../l10n/index.js';
import { careloopAdminStyles } from './careloop-admin.styles.js';
import '../careloop-admin-stories/careloop-admin-stories.js';
import '../careloop-admin-queue/careloop-admin-queue.js';
import '../careloop-admin-alerts/careloop-admin-alerts.js';
import '../careloop-admin-code-step/careloop-admin-code-step.js';

export interface CareloopSignedInDetail {
  name: string;
  role: Role;
}

type Section =
  | 'stories'
  | 'preview'
  | 'queue'
  | 'on-behalf'
  | 'reports'
  | 'alerts'
  | 'two-step'
  | 'erasure'
  | 'webhooks'
  | 'api-keys';

/**
 * The sections most staff never open, each a chunk of its own fetched the first time its tab is shown
 * (the first view after sign-in, stories or the queue, stays in the admin chunk). Each module defines
 * its element; until it has, the tab says it is loading. See docs/decisions/2026-12-07-admin-chunks.md.
 */
const onDemand: Partial<Record<Section, () => Promise<unknown>>> = {
  preview: () => import('../careloop-admin-preview/careloop-admin-preview.js'),
  reports: () => import('../careloop-admin-reports/careloop-admin-reports.js'),
  'two-step': () => import('../careloop-admin-two-step/careloop-admin-two-step.js'),
  erasure: () => import('../careloop-admin-erasure/careloop-admin-erasure.js'),
  webhooks: () => import('../careloop-admin-webhooks/careloop-admin-webhooks.js'),
  'api-keys': () => import('../careloop-admin-api-keys/careloop-admin-api-keys.js'),
  'on-behalf': () => import('../careloop-admin-on-behalf/careloop-admin-on-behalf.js'),
};

/**
 * The sections of the staff area, in navigation order, and who sees each. A new section (e.g. reports)
 * is one line here and one case in `renderSection`.
 */
const sections: Array<{ id: Section; label: AdminKey; roles: Role[] }> = [
  { id: 'stories', label: 'navStories', roles: ['staff', 'stakeholder'] },
  { id: 'preview', label: 'navPreview', roles: ['staff'] },
  { id: 'queue', label: 'navQueue', roles: ['moderator', 'admin'] },
  { id: 'on-behalf', label: 'navOnBehalf', roles: ['staff', 'moderator', 'admin'] },
  { id: 'reports', label: 'navReports', roles: ['staff', 'stakeholder', 'moderator', 'admin'] },
  { id: 'alerts', label: 'navAlerts', roles: ['admin', 'moderator', 'staff', 'stakeholder'] },
  { id: 'two-step', label: 'navTwoStep', roles: ['admin', 'moderator', 'staff', 'stakeholder'] },
  { id: 'erasure', label: 'navErasure', roles: ['moderator', 'admin'] },
  { id: 'webhooks', label: 'navWebhooks', roles: ['admin'] },
  { id: 'api-keys', label: 'navApiKeys', roles: ['admin'] },
];

/**
 * The staff area inside the widget: sign in with email and password, then (by role) respond to stories
 * about your services, moderate the queue, and manage your email alerts. Loaded on demand by
 * `<careloop-stories>`; the session is a bearer token in this tab's sessionStorage, never a cookie.
 *
 * @summary careloop's staff and moderator area: sign in, stories and responses, moderation, alerts.
 *
 * @fires careloop-signed-in - Someone signed in (or a kept session was resumed); `detail` has their `name` and `role`.
 * @fires careloop-signed-out - The person signed out, or their session ended.
 * @fires careloop-admin-close - The person asked to go back to the public stories (only with `closable`).
 *
 * @csspart panel - The box around the staff area (borderless inside `<careloop-stories>`, whose box it shares).
 * @csspart nav - The tab list of the sections.
 *
 * @cssprop --careloop-font-family - Font; inherits the host page's by default.
 * @cssprop --careloop-color-text - Main text colour.
 * @cssprop --careloop-color-text-muted - Secondary text colour.
 * @cssprop --careloop-color-surface - Background.
 * @cssprop --careloop-color-border - Borders.
 * @cssprop --careloop-color-accent - Buttons and links.
 * @cssprop --careloop-color-accent-text - Text on buttons.
 * @cssprop --careloop-color-success - Confirmations in the status line.
 * @cssprop --careloop-color-warning - The mark beside possible identifying details in the moderation queue.
 * @cssprop --careloop-color-error - Errors and destructive buttons (the public widget's name for them). `--careloop-color-danger`, the staff area's old name, still works and wins where it is set.
 * @cssprop --careloop-color-flag - Background of possible identifying details in the moderation queue.
 * @cssprop --careloop-color-flag-text - Text of possible identifying details in the moderation queue.
 * @cssprop --careloop-color-focus - Focus ring colour.
 * @cssprop --careloop-radius - Corner radius.
 * @cssprop --careloop-space - Base spacing unit.
 */
export class CareloopAdmin extends AdminView {
  static override styles = [adminStyles, careloopAdminStyles];

  /** Base URL of the careloop service (the `api` attribute); defaults to where the widget came from. */
  @property({ attribute: 'api' }) apiBase = '';
  /** Shows a "Back to stories" button that fires `careloop-admin-close`. */
  @property({ type: Boolean }) closable = false;

  @state() private section?: Section;
  @state() private checking = false;
  @state() private invalid: string[] = [];
  /** Inside `<careloop-stories>`: its panel is the box, so this one draws none (no panel in a panel). */
  @state() private embedded = false;
  /** The password was right and two-step sign-in is on: the code step shows, with this challenge. */
  @state() private challenge?: string;
  /** How staff sign in here: identity providers, and whether the password form is on. */
  @state() private signInOptions?: SignInOptions;

  /** The on-demand sections whose chunk has arrived, and those whose chunk failed to load. */
  @state() private loadedSections = new Set<Section>();
  @state() private failedSections = new Set<Section>();

  private wantsFocus = false;
  /** Stops listening for the popup's message (a new popup, sign-in done, or the element removed). */
  private stopListening?: () => void;
  /** The session came in this page's fragment (a full-page sign-in): say who signed in. */
  private adoptedFromFragment = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Inside <careloop-stories>, which listens for careloop-admin-close, going back is always possible.
    const root = this.getRootNode();
    if (root instanceof ShadowRoot && root.host.localName === 'careloop-stories') {
      this.closable = true;
      this.embedded = true;
    }
    if (this.hasUpdated && this.api?.token && !this.me) void this.resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('apiBase')) {
      const base = this.apiBase
        ? new URL(this.apiBase, this.ownerDocument.baseURI).href
        : serviceBaseFromScript(import.meta.url);
      this.api = new AdminApi(base.endsWith('/') ? base : `${base}/`, () => this.expired());
      this.me = undefined;
      this.signInOptions = undefined;
      this.adoptSessionFromFragment();
      if (this.api.token) void this.resume(this.adoptedFromFragment);
      else void this.loadSignInOptions();
    }
  }

  /** Focuses the staff area's heading (once it has rendered, in its language). */
  override focus(): void {
    this.wantsFocus = true;
    this.requestUpdate();
  }

  protected override updated(): void {
    if (this.section) void this.loadSection(this.section);
    const heading = this.renderRoot.querySelector<HTMLElement>('h2');
    if (this.wantsFocus && heading) {
      this.wantsFocus = false;
      heading.focus();
    }
  }

  /**
   * A token kept from earlier in this tab (or just handed over by the identity provider, `announce`):
   * check it still works, and who it belongs to.
   */
  private async resume(announce = false): Promise<void> {
    this.checking = true;
    const me = await this.run(() => this.api!.call<Me>('GET', 'sessions/current'));
    this.checking = false;
    if (me) this.enter(me, announce);
    else void this.loadSignInOptions();
  }

  /**
   * A full-page sign-in with the identity provider comes back to this page with the session in the
   * fragment (`#careloop-session=…`): kept like any session, and taken out of the address bar and the
   * history at once. Only on the service's own pages: no other site's link can plant a session here.
   */
  private adoptSessionFromFragment(): void {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get('careloop-session');
    if (!token) return;
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    if (new URL(this.api!.base).origin !== location.origin) return;
    this.api!.adopt(token);
    this.adoptedFromFragment = true;
  }

  /** Asked once per sign-in view: without an answer, the password form alone is offered. */
  private async loadSignInOptions(): Promise<void> {
    if (this.signInOptions) return;
    try {
      this.signInOptions = await this.api!.call<SignInOptions>('GET', 'auth/providers');
    } catch {
      this.signInOptions = { localPasswords: true, providers: [] };
    }
  }

  /**
   * "Sign in with …": on a board's site, a popup to the service that ends by posting the session to
   * this page's origin (a board allows it); the service's own pages go there and back in the tab.
   * Messages are taken only from that popup, on the service's origin, in the expected shape.
   */
  private signInWithProvider(provider: IdentityProvider): void {
    const start = new URL(provider.startUrl);
    if (start.origin === location.origin) {
      start.search = new URLSearchParams({
        mode: 'redirect',
        return: `${location.pathname}${location.search}`,
      }).toString();
      location.assign(start.href);
      return;
    }
    start.search = new URLSearchParams({ mode: 'popup', origin: location.origin }).toString();
    const popup = window.open(start.href, 'careloop-sign-in', 'popup,width=520,height=680');
    if (!popup) {
      this.error = { key: 'popupBlocked', fields: [] };
      return void this.focusSoon('.error');
    }
    this.say('finishInPopup');
    this.stopListening?.();
    const receive = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; token?: unknown } | null;
      if (event.origin !== start.origin || event.source !== popup) return;
      if (data?.type !== 'careloop-session' || typeof data.token !== 'string') return;
      this.stopListening?.();
      this.api!.adopt(data.token);
      void this.resume(true);
    };
    addEventListener('message', receive);
    this.stopListening = () => {
      removeEventListener('message', receive);
      this.stopListening = undefined;
    };
  }

  private enter(me: Me, announce: boolean): void {
    this.me = me;
    this.challenge = undefined;
    // An account that must set up two-step sign-in can do nothing else first (the service agrees).
    this.section = me.secondFactor.required
      ? 'two-step'
      : sections.find((section) => section.roles.includes(me.role))?.id;
    if (announce) this.status = this.t('signedInAs', { name: me.name });
    this.fire('careloop-signed-in', { name: me.name, role: me.role });
    void this.focusSoon('h2');
  }

  private fire(type: string, detail: unknown = {}): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private expired(): void {
    this.me = undefined;
    this.status = '';
    this.error = { key: 'sessionEnded', fields: [] };
    this.fire('careloop-signed-out');
    void this.loadSignInOptions();
    void this.focusSoon('.error');
  }

  private async signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const email = (form.elements.namedItem('email') as HTMLInputElement).value.trim();
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    this.invalid = [email ? '' : 'email', password ? '' : 'password'].filter(Boolean);
    if (this.invalid.length) return void this.focusSoon(`#${this.invalid[0]}`);
    let refused: AdminKey | undefined;
    const me = await this.run(async () => {
      try {
        return await this.api!.signIn(email, password, this.l10n.locale);
      } catch (error) {
        // A 403 is this account's role needing its provider, or passwords off; not a refused site.
        const refusal = error instanceof ApiError && error.type !== siteRefusedType ? error.status : 0;
        if (refusal === 401 || refusal === 403 || refusal === 429) {
          refused = ({ 401: 'wrongPassword', 403: 'passwordRefused', 429: 'tooMany' } as const)[refusal];
          return undefined;
        }
        throw error;
      }
    });
    if (refused) {
      this.error = { key: refused, fields: [] };
      return void this.focusSoon('.error');
    }
    if (me && 'challenge' in me) {
      this.challenge = me.challenge;
      return;
    }
    if (me) this.enter(me, true);
  }

  /** Two-step sign-in was just set up: the session is a full one now, so the whole area opens. */
  private async twoStepOn(): Promise<void> {
    const me = await this.run(() => this.api!.call<Me>('GET', 'sessions/current'));
    if (me) this.enter(me, false);
  }

  private async signOut(): Promise<void> {
    await this.api?.signOut();
    this.me = undefined;
    this.say('signedOut');
    this.fire('careloop-signed-out');
    void this.loadSignInOptions();
    void this.focusSoon('.status');
  }

  /**
   * Fetches an on-demand section's chunk the first time it is shown. A failed fetch (a network blip, or
   * a deploy that replaced the hashed chunks) is said in the tab, with a button to try again.
   */
  private async loadSection(section: Section, again = false): Promise<void> {
    const load = onDemand[section];
    if (!load || this.loadedSections.has(section)) return;
    if (this.failedSections.has(section) && !again) return;
    if (this.loadingSections.has(section)) return;
    this.loadingSections.add(section);
    this.failedSections = new Set([...this.failedSections].filter((s) => s !== section));
    const failedUrl = this.failedUrls.get(section);
    try {
      await (failedUrl ? import(`${failedUrl}?attempt=${Date.now()}`) : load());
      this.loadedSections = new Set([...this.loadedSections, section]);
    } catch (error) {
      // Chromium remembers a failed dynamic import for the page's life and fails it again at once: a
      // retry asks for the same chunk at a fresh URL (its imports still resolve to the same modules).
      // The URL is the one the browser names in its error; without one, the plain import is tried again.
      const named = /\bhttps?:\/\/\S+?\.js\b/.exec(error instanceof Error ? error.message : '')?.[0];
      if (named) this.failedUrls.set(section, named);
      this.failedSections = new Set([...this.failedSections, section]);
    } finally {
      this.loadingSections.delete(section);
    }
  }

  /** Chunks being fetched now: asked for once however often the shell renders meanwhile. */
  private readonly loadingSections = new Set<Section>();
  /** The chunk URL a section's import failed at, as the browser named it (see `loadSection`). */
  private readonly failedUrls = new Map<Section, string>();

  /** Shows a section; focus stays on its tab, as in every tab list. */
  private go(section: Section): void {
    if (this.section === section) return;
    this.section = section;
    this.status = '';
  }

  /**
   * The tab list's keys (WAI-ARIA tabs, manual activation, since a section loads when shown): arrows
   * move between the tabs, wrapping; Home and End go to the first and last; Enter or Space shows one.
   */
  private async moveBetweenTabs(event: KeyboardEvent): Promise<void> {
    const tabs = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const at = tabs.indexOf(event.target as HTMLButtonElement);
    const to = {
      ArrowRight: (at + 1) % tabs.length,
      ArrowLeft: (at - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    tabs[to].focus();
    tabs[to].scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** A story chosen in Reports opens in the staff story view. */
  private async openStory(event: CustomEvent<{ id: string }>): Promise<void> {
    this.section = 'stories';
    this.status = '';
    await this.updateComplete;
    const view = this.renderRoot.querySelector('careloop-admin-stories');
    await view?.updateComplete;
    // `open` is the list's own way in to a story (its button does the same): reads it, then focuses it.
    await (view as unknown as { open(id: string): Promise<void> } | null)?.open(event.detail.id);
  }

  protected override render() {
    const panel = this.embedded ? 'panel embedded' : 'panel';
    if (!this.l10n.ready) return html`<div class=${panel} part="panel"></div>`;
    return html`<section
      class=${panel}
      part="panel"
      aria-label=${this.t('adminLabel')}
      lang=${this.l10n.locale}
    >
      ${this.me ? this.renderSignedIn(this.me) : this.challenge ? this.renderCodeStep() : this.renderSignIn()}
    </section>`;
  }

  private renderSignIn() {
    const field = (name: 'email' | 'password', type: string, autocomplete: string) => {
      const invalid = this.invalid.includes(name);
      return html`<label for=${name}>${this.t(name)}</label>
        <input
          id=${name}
          name=${name}
          type=${type}
          autocomplete=${autocomplete}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${invalid ? `${name}-error` : nothing}
          @input=${() => (this.invalid = this.invalid.filter((n) => n !== name))}
        />
        ${invalid ? html`<p id="${name}-error" class="field-error">${this.t('required')}</p>` : nothing}`;
    };
    return html`<h2 tabindex="-1">${this.t('signInHeading')}</h2>
      ${this.messages()}
      ${
        this.checking
          ? html`<p>${this.t('loading')}</p>`
          : html`<p class="hint">${this.t('signInIntro')}</p>
              ${this.providerButtons()}
              ${
                this.signInOptions?.localPasswords === false
                  ? html`<div class="row">${this.closeButton()}</div>`
                  : html`${
                        this.signInOptions?.providers.length
                          ? html`<p class="hint">${this.t('orPassword')}</p>`
                          : nothing
                      }
                      <form novalidate @submit=${this.signIn}>
                        ${field('email', 'email', 'username')}
                        ${field('password', 'password', 'current-password')}
                        <div class="row">
                          <button type="submit" ?disabled=${this.busy}>
                            ${this.busy ? this.t('signingIn') : this.t('signIn')}
                          </button>
                          ${this.closeButton()}
                        </div>
                      </form>`
              }`
      }`;
  }

  private renderCodeStep() {
    return html`<careloop-admin-code-step
      .api=${this.api}
      .challenge=${this.challenge}
      @careloop-admin-code-accepted=${(event: CustomEvent<Me>) => this.enter(event.detail, true)}
      @careloop-admin-code-cancelled=${() => (this.challenge = undefined)}
    ></careloop-admin-code-step>`;
  }

  private providerButtons() {
    const providers = this.signInOptions?.providers ?? [];
    if (providers.length === 0) return nothing;
    return html`<div class="row providers">
      ${providers.map(
        (provider) =>
          html`<button type="button" @click=${() => this.signInWithProvider(provider)}>
            ${this.t('signInWith', { name: provider.name })}
          </button>`,
      )}
    </div>`;
  }

  private closeButton() {
    return this.closable
      ? html`<button type="button" class="secondary" @click=${() => this.fire('careloop-admin-close')}>
          ${this.t('close')}
        </button>`
      : nothing;
  }

  private renderSignedIn(me: Me) {
    const mine = sections.filter(
      (section) =>
        section.roles.includes(me.role) && (!me.secondFactor.required || section.id === 'two-step'),
    );
    return html`<header class="bar">
        <h2 tabindex="-1">${this.t('adminLabel')}</h2>
        <p class="muted">
          ${this.t('signedInAs', { name: me.name })}
          <span class="badge">${this.t(roleKeys[me.role])}</span>
        </p>
        <div class="row">
          <button type="button" class="secondary" @click=${this.signOut}>${this.t('signOut')}</button>
          ${this.closeButton()}
        </div>
      </header>
      ${this.messages()}
      <div role="tablist" part="nav" aria-label=${this.t('sections')} @keydown=${this.moveBetweenTabs}>
        ${mine.map((section) => {
          const selected = this.section === section.id;
          return html`<button
            type="button"
            role="tab"
            class="tab"
            id="tab-${section.id}"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="section"
            tabindex=${selected ? 0 : -1}
            @click=${() => this.go(section.id)}
          >
            ${this.t(section.label)}
          </button>`;
        })}
      </div>
      <div id="section" role="tabpanel" aria-labelledby="tab-${this.section}">${this.renderSection()}</div>`;
  }

  private renderSection() {
    const section = this.section;
    if (section && onDemand[section] && !this.loadedSections.has(section)) {
      return this.failedSections.has(section)
        ? html`<div class="error" role="alert">
            <p>${this.t('errSectionLoad')}</p>
            <button type="button" class="secondary" @click=${() => this.loadSection(section, true)}>
              ${this.t('retry')}
            </button>
          </div>`
        : html`<p class="hint" role="status" aria-live="polite">${this.t('loading')}</p>`;
    }
    switch (section) {
      case 'stories':
        return html`<careloop-admin-stories
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-stories>`;
      case 'preview':
        return html`<careloop-admin-preview
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-preview>`;
      case 'queue':
        return html`<careloop-admin-queue
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-queue>`;
      case 'reports':
        return html`<careloop-admin-reports
          class="view"
          .api=${this.api}
          .me=${this.me}
          @careloop-admin-open-story=${this.openStory}
        ></careloop-admin-reports>`;
      case 'two-step':
        return html`<careloop-admin-two-step
          class="view"
          .api=${this.api}
          .me=${this.me}
          @careloop-admin-two-step-on=${this.twoStepOn}
        ></careloop-admin-two-step>`;
      case 'alerts':
        return html`<careloop-admin-alerts
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-alerts>`;
      case 'erasure':
        return html`<careloop-admin-erasure
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-erasure>`;
      case 'webhooks':
        return html`<careloop-admin-webhooks
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-webhooks>`;
      case 'on-behalf':
        return html`<careloop-admin-on-behalf
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-on-behalf>`;
      case 'api-keys':
        return html`<careloop-admin-api-keys
          class="view"
          .api=${this.api}
          .me=${this.me}
        ></careloop-admin-api-keys>`;
      default:
        return nothing;
    }
  }
}

const roleKeys: Record<Role, AdminKey> = {
  admin: 'roleAdmin',
  moderator: 'roleModerator',
  staff: 'roleStaff',
  stakeholder: 'roleStakeholder',
};
