import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiAnswer } from '../../api/answers.js';
import { adminStyles } from '../admin.styles.js';
import { AdminView } from '../admin-view.js';
import type { AdminKey } from '../l10n/index.js';
import { careloopAdminWebhooksStyles } from './careloop-admin-webhooks.styles.js';

type Endpoint = ApiAnswer<'/webhooks'>['items'][number];
type Created = ApiAnswer<'/webhooks', 'post', 201>;
type Deliveries = ApiAnswer<'/webhooks/{id}/deliveries'>;
type Delivery = Deliveries['items'][number];
type EventType = Endpoint['events'][number];

/** Every event an endpoint can ask for, in the order the form offers them, with its label. */
const eventLabels: Array<[EventType, AdminKey]> = [
  ['story.published', 'webhookEventStoryPublished'],
  ['story.withdrawn', 'webhookEventStoryWithdrawn'],
  ['story.erased', 'webhookEventStoryErased'],
  ['response.published', 'webhookEventResponsePublished'],
  ['change.marked', 'webhookEventChangeMarked'],
];

const statusLabels: Record<Delivery['status'], AdminKey> = {
  pending: 'webhookStatusPending',
  sent: 'webhookStatusSent',
  failed: 'webhookStatusFailed',
};

/**
 * Webhooks, for admins: register an endpoint (URL, events; its signing secret is shown once), see each
 * endpoint's deliveries with their status, attempts and last answer, and send one again.
 *
 * @summary Register webhook endpoints and watch their deliveries.
 */
export class CareloopAdminWebhooks extends AdminView {
  static override styles = [adminStyles, careloopAdminWebhooksStyles];

  @state() private endpoints?: Endpoint[];
  /** The secret of the endpoint just registered: shown this once. */
  @state() private newSecret?: string;
  /** The endpoint whose deliveries are shown, and them. */
  @state() private shown?: { endpoint: Endpoint; deliveries: Delivery[] };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('me') && this.me) void this.load();
  }

  private async load(): Promise<void> {
    const list = await this.run(() => this.api!.call<ApiAnswer<'/webhooks'>>('GET', 'webhooks'));
    if (list) this.endpoints = list.items;
  }

  private async register(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const description = String(data.get('description') ?? '').trim();
    const created = await this.run(() =>
      this.api!.call<Created>('POST', 'webhooks', {
        url: String(data.get('url') ?? '').trim(),
        events: data.getAll('events').map(String),
        ...(description ? { description } : {}),
      }),
    );
    if (!created) return;
    const { secret, ...endpoint } = created;
    this.endpoints = [...(this.endpoints ?? []), endpoint];
    this.newSecret = secret;
    form.reset();
    this.say('webhookRegistered');
    void this.focusSoon('#secret');
  }

  private async removeEndpoint(endpoint: Endpoint): Promise<void> {
    const done = await this.run(async () => {
      await this.api!.call('DELETE', `webhooks/${endpoint.id}`);
      return true;
    });
    if (!done) return;
    this.endpoints = this.endpoints!.filter((e) => e.id !== endpoint.id);
    if (this.shown?.endpoint.id === endpoint.id) this.shown = undefined;
    this.say('webhookRemoved');
    void this.focusSoon('h2');
  }

  private async showDeliveries(endpoint: Endpoint): Promise<void> {
    const list = await this.run(() =>
      this.api!.call<Deliveries>('GET', `webhooks/${endpoint.id}/deliveries`),
    );
    if (!list) return;
    this.shown = { endpoint, deliveries: list.items };
    this.status = '';
    void this.focusSoon('#deliveries');
  }

  private async redeliver(delivery: Delivery): Promise<void> {
    const endpoint = this.shown?.endpoint;
    if (!endpoint) return;
    const queued = await this.run(() =>
      this.api!.call<Delivery>('POST', `webhooks/${endpoint.id}/deliveries/${delivery.id}/redelivery`),
    );
    if (!queued) return;
    this.shown = {
      endpoint,
      deliveries: this.shown!.deliveries.map((d) => (d.id === queued.id ? queued : d)),
    };
    this.say('webhookRedeliverQueued');
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    return html`<h2 tabindex="-1">${this.t('webhooksHeading')}</h2>
      <p class="hint">${this.t('webhooksIntro')}</p>
      ${this.messages()}
      ${
        this.newSecret
          ? html`<article id="secret" tabindex="-1">
              <p>${this.t('webhookSecretOnce')}</p>
              <p><code>${this.newSecret}</code></p>
            </article>`
          : nothing
      }
      ${this.renderEndpoints()} ${this.shown ? this.renderDeliveries(this.shown) : nothing}
      ${this.renderForm()}`;
  }

  private renderEndpoints() {
    if (!this.endpoints) return nothing;
    if (this.endpoints.length === 0) return html`<p>${this.t('webhooksNone')}</p>`;
    return html`<ul class="endpoints" aria-label=${this.t('webhooksHeading')}>
      ${this.endpoints.map(
        (endpoint) =>
          html`<li>
            <p class="url"><strong>${endpoint.url}</strong></p>
            ${endpoint.description ? html`<p>${endpoint.description}</p>` : nothing}
            <p class="hint">${endpoint.events.map((type) => this.eventLabel(type)).join(' · ')}</p>
            <div class="row">
              <button type="button" class="secondary" @click=${() => this.showDeliveries(endpoint)}>
                ${this.t('webhookShowDeliveries')}
              </button>
              <button type="button" class="secondary" @click=${() => this.removeEndpoint(endpoint)}>
                ${this.t('webhookRemove')}
              </button>
            </div>
          </li>`,
      )}
    </ul>`;
  }

  private renderDeliveries({ endpoint, deliveries }: { endpoint: Endpoint; deliveries: Delivery[] }) {
    return html`<section id="deliveries" tabindex="-1" aria-labelledby="deliveries-heading">
      <h3 id="deliveries-heading">${this.t('webhookDeliveriesOf', { url: endpoint.url })}</h3>
      <div class="row">
        <button
          type="button"
          class="secondary"
          ?disabled=${this.busy}
          @click=${() => this.showDeliveries(endpoint)}
        >
          ${this.t('webhookRefresh')}
        </button>
      </div>
      ${
        deliveries.length === 0
          ? html`<p>${this.t('webhookNoDeliveries')}</p>`
          : html`<div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${this.t('webhookColumnEvent')}</th>
                    <th scope="col">${this.t('webhookColumnStatus')}</th>
                    <th scope="col">${this.t('webhookColumnAttempts')}</th>
                    <th scope="col">${this.t('webhookColumnLastAnswer')}</th>
                    <th scope="col">${this.t('webhookColumnWhen')}</th>
                    <th scope="col"><span class="visually-hidden">${this.t('webhookRedeliver')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${deliveries.map((delivery) => this.renderDelivery(delivery))}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }

  private renderDelivery(delivery: Delivery) {
    const answer = [delivery.lastStatusCode ?? '', delivery.lastError ?? ''].filter(Boolean).join(' · ');
    return html`<tr>
      <td>${this.eventLabel(delivery.eventType)}</td>
      <td>${this.t(statusLabels[delivery.status])}</td>
      <td>${delivery.attempts}</td>
      <td class="url">${answer || '—'}</td>
      <td>
        ${this.date(delivery.createdAt)}
        ${
          delivery.nextAttemptAt
            ? html`<br /><span class="hint"
                  >${this.t('webhookNextAttempt', { date: this.date(delivery.nextAttemptAt) })}</span
                >`
            : nothing
        }
      </td>
      <td>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.busy}
          @click=${() => this.redeliver(delivery)}
        >
          ${this.t('webhookRedeliver')}
        </button>
      </td>
    </tr>`;
  }

  private renderForm() {
    return html`<form novalidate @submit=${this.register}>
      <h3>${this.t('webhookAdd')}</h3>
      <label for="webhook-url">${this.t('webhookUrl')}</label>
      <input id="webhook-url" name="url" type="url" inputmode="url" autocomplete="off" required />
      <label for="webhook-description">${this.t('webhookDescription')}</label>
      <input id="webhook-description" name="description" type="text" maxlength="200" />
      <fieldset>
        <legend>${this.t('webhookEvents')}</legend>
        ${eventLabels.map(
          ([type, label]) =>
            html`<label class="inline"
              ><input type="checkbox" name="events" value=${type} /> ${this.t(label)}</label
            >`,
        )}
      </fieldset>
      <div class="row">
        <button type="submit" ?disabled=${this.busy}>${this.t('webhookRegister')}</button>
      </div>
    </form>`;
  }

  private eventLabel(type: EventType): string {
    const label = eventLabels.find(([known]) => known === type)?.[1];
    return label ? this.t(label) : type;
  }
}
