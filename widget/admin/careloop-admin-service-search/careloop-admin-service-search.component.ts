import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ApiAnswer } from '../../api/answers.js';
import { AdminView } from '../admin-view.js';

export interface CareloopServiceChosenDetail {
  id: string;
  name: string;
}

/**
 * Finds services by name and offers each to choose.
 *
 * @summary A service finder for the staff area.
 * @fires careloop-service-chosen - A service was chosen; `detail` has its `id` and `name`.
 */
export class CareloopAdminServiceSearch extends AdminView {
  /** The label of the search box (defaults to "Find a service"). */
  @property() label = '';
  @state() private found?: CareloopServiceChosenDetail[];

  private async search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const q = (event.target as HTMLFormElement).q.value.trim();
    if (!q) return;
    const page = await this.run(() =>
      this.api!.call<ApiAnswer<'/services'>>('GET', 'services', undefined, {
        q,
        limit: '10',
      }),
    );
    if (page) this.found = page.services;
  }

  private choose(service: CareloopServiceChosenDetail): void {
    this.found = undefined;
    this.dispatchEvent(
      new CustomEvent<CareloopServiceChosenDetail>('careloop-service-chosen', {
        detail: { id: service.id, name: service.name },
        bubbles: true,
        composed: true,
      }),
    );
  }

  protected override render() {
    return html`<form role="search" @submit=${this.search}>
        <label for="q">${this.label || this.t('findService')}</label>
        <div class="row">
          <input id="q" name="q" type="search" autocomplete="off" />
          <button type="submit" class="secondary" ?disabled=${this.busy}>${this.t('search')}</button>
        </div>
      </form>
      <div class="error" role="alert">${this.error ? this.t(this.error.key) : nothing}</div>
      <div aria-live="polite">
        ${this.found?.length === 0 ? html`<p>${this.t('noMatches')}</p>` : nothing}
        ${
          this.found?.length
            ? html`<ul>
                ${this.found.map(
                  (service) =>
                    html`<li>
                      <button type="button" class="link" @click=${() => this.choose(service)}>
                        ${this.t('add', { name: service.name })}
                      </button>
                    </li>`,
                )}
              </ul>`
            : nothing
        }
      </div>`;
  }
}
