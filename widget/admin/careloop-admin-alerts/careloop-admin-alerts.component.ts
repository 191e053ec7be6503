import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiAnswer } from '../../api/answers.js';
import { AdminView } from '../admin-view.js';
import type { AdminKey } from '../l10n/index.js';
import { saveFile } from '../../shared/save-file.js';
import '../careloop-admin-service-search/careloop-admin-service-search.js';

type Subscriptions = ApiAnswer<'/subscriptions'>;
type Subscription = Subscriptions['subscriptions'][number];

/**
 * The signed-in account's email alerts: what they are about, how often, and how critical a story must
 * be; change, stop, or add one (about a service and everything below it, or a constituency).
 *
 * @summary Your email alerts.
 */
export class CareloopAdminAlerts extends AdminView {
  @state() private subscriptions?: Subscription[];
  @state() private about: 'service' | 'constituency' = 'service';
  @state() private chosen?: { id: string; name: string };
  @state() private invalid = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('me') && this.me) void this.load();
  }

  private async load(): Promise<void> {
    const list = await this.run(() => this.api!.call<Subscriptions>('GET', 'subscriptions'));
    if (list) this.subscriptions = list.subscriptions;
  }

  private async save(event: SubmitEvent, subscription: Subscription): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const saved = await this.run(() =>
      this.api!.call<Subscription>('PATCH', `subscriptions/${subscription.id}`, {
        mode: data.get('mode'),
        minCriticality: Number(data.get('minCriticality')),
      }),
    );
    if (!saved) return;
    this.subscriptions = this.subscriptions!.map((s) => (s.id === saved.id ? saved : s));
    this.say('alertSaved');
  }

  private async stop(subscription: Subscription): Promise<void> {
    const done = await this.run(async () => {
      await this.api!.call('DELETE', `subscriptions/${subscription.id}`);
      return true;
    });
    if (!done) return;
    this.subscriptions = this.subscriptions!.filter((s) => s.id !== subscription.id);
    this.say('unsubscribed');
    void this.focusSoon('h2');
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const constituency = String(data.get('constituency') ?? '').trim();
    this.invalid = this.about === 'service' ? !this.chosen : !constituency;
    if (this.invalid) return void this.focusSoon(this.about === 'service' ? '#new-service' : '#constituency');
    const created = await this.run(() =>
      this.api!.call<Subscription>('POST', 'subscriptions', {
        ...(this.about === 'service' ? { service: this.chosen!.id } : { constituency }),
        mode: data.get('mode'),
        minCriticality: Number(data.get('minCriticality')),
      }),
    );
    if (!created) return;
    this.subscriptions = [...(this.subscriptions ?? []), created];
    this.chosen = undefined;
    form.reset();
    this.say('subscribed');
    void this.focusSoon(`#s-${created.id}`);
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    return html`<h2 tabindex="-1">${this.t('alertsHeading')}</h2>
      ${this.messages()}
      ${
        !this.subscriptions
          ? html`<p>${this.busy ? this.t('loading') : nothing}</p>`
          : this.subscriptions.length === 0
            ? html`<p>${this.t('noAlerts')}</p>`
            : html`<ul>
                ${this.subscriptions.map((s) => this.renderSubscription(s))}
              </ul>`
      }
      <h3>${this.t('newAlert')}</h3>
      ${this.renderNew()}
      <h3>${this.t('yourData')}</h3>
      <p class="hint" id="your-data-hint">${this.t('yourDataHint')}</p>
      <button
        type="button"
        class="secondary"
        aria-describedby="your-data-hint"
        ?disabled=${this.busy}
        @click=${this.downloadYourData}
      >
        ${this.t('downloadYourData')}
      </button>`;
  }

  /** Subject access: everything held about the account, as a file. */
  private async downloadYourData(): Promise<void> {
    const data = await this.run(() => this.api!.call<unknown>('GET', 'account/personal-data'));
    if (!data) return;
    const name = `careloop-account-${this.me!.id}.json`;
    saveFile(this.renderRoot, name, JSON.stringify(data, null, 2), 'application/json');
  }

  private choices(id: string, value?: Subscription) {
    return html`<label for="${id}-mode">${this.t('mode')}</label>
      <select id="${id}-mode" name="mode">
        ${(['immediate', 'daily'] as const).map(
          (mode) => html`<option value=${mode} ?selected=${value?.mode === mode}>${this.t(mode)}</option>`,
        )}
      </select>
      <label for="${id}-crit">${this.t('minCriticality')}</label>
      <select id="${id}-crit" name="minCriticality">
        ${[0, 1, 2, 3, 4, 5].map(
          (n) =>
            html`<option value=${n} ?selected=${(value?.minCriticality ?? 0) === n}>
              ${n === 0 ? this.t('anyStory') : this.t(`crit-${n}` as AdminKey)}
            </option>`,
        )}
      </select>`;
  }

  private renderSubscription(subscription: Subscription) {
    const id = `s-${subscription.id}`;
    return html`<li class="item">
      <h3 id=${id} tabindex="-1">${subscription.scopeName}</h3>
      ${subscription.isDefault ? html`<p class="hint">${this.t('alertDefault')}</p>` : nothing}
      <form aria-labelledby=${id} @submit=${(e: SubmitEvent) => this.save(e, subscription)}>
        ${this.choices(id, subscription)}
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${this.t('save')}</button>
          <button
            type="button"
            class="secondary"
            ?disabled=${this.busy}
            @click=${() => this.stop(subscription)}
          >
            ${this.t('unsubscribe')}
          </button>
        </div>
      </form>
    </li>`;
  }

  private renderNew() {
    return html`<form novalidate @submit=${this.add}>
      <label for="about">${this.t('about')}</label>
      <select
        id="about"
        @change=${(e: Event) => {
          this.about = (e.target as HTMLSelectElement).value as 'service' | 'constituency';
          this.invalid = false;
        }}
      >
        <option value="service">${this.t('aService')}</option>
        <option value="constituency">${this.t('aConstituency')}</option>
      </select>
      ${
        this.about === 'service'
          ? html`<careloop-admin-service-search
                id="new-service"
                tabindex="-1"
                .api=${this.api}
                @careloop-service-chosen=${(e: CustomEvent<{ id: string; name: string }>) => {
                  this.chosen = e.detail;
                  this.invalid = false;
                }}
              ></careloop-admin-service-search>
              <p aria-live="polite" class=${this.invalid ? 'field-error' : ''}>
                ${this.chosen ? this.t('chosen', { name: this.chosen.name }) : this.invalid ? this.t('chooseService') : nothing}
              </p>`
          : html`<label for="constituency">${this.t('constituency')}</label>
              <input
                id="constituency"
                name="constituency"
                aria-invalid=${this.invalid ? 'true' : 'false'}
                aria-describedby=${this.invalid ? 'constituency-error' : nothing}
              />
              ${this.invalid ? html`<p id="constituency-error" class="field-error">${this.t('required')}</p>` : nothing}`
      }
      ${this.choices('new')}
      <div class="row"><button type="submit" ?disabled=${this.busy}>${this.t('subscribe')}</button></div>
    </form>`;
  }
}
