import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiAnswer } from '../../api/answers.js';
import { AdminView } from '../admin-view.js';

type Holdings = ApiAnswer<'/erasures/search', 'post'>;
type Receipt = ApiAnswer<'/erasures', 'post', 201>;

/**
 * Erasure on request, for moderators and admins: the person's email address finds every story and
 * email alert tied to it, shown here (titles, dates, status: to the moderator only); erasing them all
 * takes a confirmation. The address is sent in a request body only, and the audit record keeps a keyed
 * hash of it, never the address.
 *
 * @summary Find and erase everything held about an email address.
 */
export class CareloopAdminErasure extends AdminView {
  @state() private found?: { email: string; holdings: Holdings };
  @state() private confirming = false;

  private async find(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get('email') ?? '').trim();
    this.found = undefined;
    this.confirming = false;
    const holdings = await this.run(() => this.api!.call<Holdings>('POST', 'erasures/search', { email }));
    if (!holdings) return;
    this.found = { email, holdings };
    this.status = '';
    void this.focusSoon('#found');
  }

  private askToErase(): void {
    this.confirming = true;
    void this.focusSoon('#confirm');
  }

  private keep(): void {
    this.confirming = false;
    void this.focusSoon('#erase');
  }

  private async erase(): Promise<void> {
    const email = this.found?.email;
    if (!email) return;
    const receipt = await this.run(() => this.api!.call<Receipt>('POST', 'erasures', { email }));
    if (!receipt) return;
    this.found = undefined;
    this.confirming = false;
    (this.renderRoot.querySelector('form') as HTMLFormElement | null)?.reset();
    this.error = undefined;
    this.status = this.t('erasureDone', {
      stories: receipt.counts.stories,
      subscriptions: receipt.counts.subscriptions,
    });
    void this.focusSoon('.status');
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    return html`<h2 tabindex="-1">${this.t('erasureHeading')}</h2>
      <p class="hint">${this.t('erasureIntro')}</p>
      ${this.messages()}
      <form novalidate @submit=${this.find}>
        <label for="erasure-email">${this.t('email')}</label>
        <input id="erasure-email" name="email" type="email" autocomplete="off" required />
        <div class="row"><button type="submit" ?disabled=${this.busy}>${this.t('erasureFind')}</button></div>
      </form>
      ${this.found ? this.renderFound(this.found.holdings) : nothing}`;
  }

  private renderFound(holdings: Holdings) {
    const empty = holdings.stories.length === 0 && holdings.subscriptions.length === 0;
    return html`<div id="found" tabindex="-1">
      ${holdings.earlierErasures.map(
        (earlier) => html`<p class="hint">${this.t('erasureEarlier', { date: this.date(earlier.at) })}</p>`,
      )}
      ${
        empty
          ? html`<p>${this.t('erasureNothing')}</p>`
          : html`${
              holdings.stories.length
                ? html`<h3>${this.t('erasureStories')}</h3>
                    <ul>
                      ${holdings.stories.map(
                        (story) =>
                          html`<li>
                            ${story.title} · ${this.date(story.submittedAt, false)} · ${story.status}
                          </li>`,
                      )}
                    </ul>`
                : nothing
            }
            ${
              holdings.subscriptions.length
                ? html`<h3>${this.t('erasureSubscriptions')}</h3>
                    <ul>
                      ${holdings.subscriptions.map(
                        (subscription) =>
                          html`<li>
                            ${subscription.scopeName} · ${this.date(subscription.createdAt, false)} ·
                            ${this.t(subscription.confirmed ? 'erasureConfirmed' : 'erasureUnconfirmed')}
                          </li>`,
                      )}
                    </ul>`
                : nothing
            }
            ${this.renderErase()}`
      }
    </div>`;
  }

  private renderErase() {
    return this.confirming
      ? html`<div role="group" aria-labelledby="confirm">
          <p id="confirm" tabindex="-1"><strong>${this.t('erasureConfirm')}</strong></p>
          <div class="row">
            <button type="button" ?disabled=${this.busy} @click=${this.erase}>${this.t('erasureYes')}</button>
            <button type="button" class="secondary" @click=${this.keep}>${this.t('erasureNo')}</button>
          </div>
        </div>`
      : html`<div class="row">
          <button id="erase" type="button" class="secondary" @click=${this.askToErase}>
            ${this.t('erasureAll')}
          </button>
        </div>`;
  }
}
