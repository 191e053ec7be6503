import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiAnswer } from '../../api/answers.js';
import { AdminView, fieldLabels } from '../admin-view.js';

type PreviewList = ApiAnswer<'/previews'>;
type PreviewStory = PreviewList['items'][number];

/** The day a window closing at `until` (the midnight that ends it) ends on, for "at the end of {date}". */
export function lastDayOf(until: string): string {
  return new Date(Date.parse(until) - 1).toISOString();
}

/**
 * Provider preview, for the staff of the services a serious story names: the stories a moderator has
 * approved that wait a few working days before they are published. A responder may prepare a response
 * (published together with the story) or ask a moderator to look again, saying why; neither stops the
 * story being published when its window closes. See docs/decisions/2026-12-07-provider-preview.md.
 *
 * @summary Read serious stories before they are published, respond, or ask for a review.
 */
export class CareloopAdminPreview extends AdminView {
  @state() private items?: PreviewStory[];
  // A review request's `reason` is for moderators, not the author's message the queue's `reason` is.
  protected override readonly fieldLabels = { ...fieldLabels, reason: 'previewReviewReason' as const };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const list = await this.run(() => this.api!.call<PreviewList>('GET', 'previews'));
    if (list) this.items = list.items;
  }

  /** Saves a prepared response: it is published together with the story. */
  private async respond(event: SubmitEvent, story: PreviewStory): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    const saved = await this.run(() => this.api!.call('POST', `stories/${story.id}/responses`, { body }));
    if (saved === undefined) return;
    form.reset();
    // The list shows what is prepared for each story: read it again, with this response in it.
    await this.load();
    this.say('previewResponded');
    void this.focusSoon('.status');
  }

  /** Asks a moderator to look at the story again; it stays in preview. */
  private async requestReview(event: SubmitEvent, story: PreviewStory): Promise<void> {
    event.preventDefault();
    const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
    const updated = await this.run(() =>
      this.api!.call<PreviewStory>('POST', `stories/${story.id}/review-requests`, { reason }),
    );
    if (!updated) return;
    this.items = this.items?.map((item) => (item.id === updated.id ? updated : item));
    this.say('previewReviewSent');
    void this.focusSoon('.status');
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    return html`<h2 tabindex="-1">${this.t('previewHeading')}</h2>
      <p class="hint">${this.t('previewIntro')}</p>
      ${this.messages()}
      ${
        this.items?.length === 0
          ? html`<p>${this.t('previewNone')}</p>`
          : html`<ul>
              ${(this.items ?? []).map((story) => this.renderStory(story))}
            </ul>`
      }`;
  }

  /** What the responders of its services have prepared so far: published with the story. */
  private renderPrepared(story: PreviewStory) {
    if (story.prepared.length === 0) return nothing;
    return html`<h4>${this.t('previewPrepared')}</h4>
      <ul class="prepared">
        ${story.prepared.map(
          (response) =>
            html`<li>
              <p class="muted">
                ${response.responder.name} · ${this.date(response.createdAt)}
                ${
                  response.moderationStatus === 'awaiting-moderation'
                    ? html`· <span class="badge">${this.t('awaitingModeration')}</span>`
                    : nothing
                }
              </p>
              <p class="text">${response.body}</p>
            </li>`,
        )}
      </ul>`;
  }

  private renderStory(story: PreviewStory) {
    const request = story.preview.reviewRequest;
    return html`<li class="item" data-id=${story.id}>
      <h3>${story.title}</h3>
      <p class="muted">
        ${story.services.map((service) => service.name).join(', ')} ·
        ${this.t('previewCriticality', { level: story.criticality ?? '–' })} ·
        ${this.t('by', { nickname: story.nickname })}
      </p>
      <p class="flag-count">
        ${this.t('previewUntil', { date: this.date(lastDayOf(story.preview.until), false) })}
      </p>
      <p class="text">${story.body}</p>
      ${
        request
          ? html`<p class="flag-count">
              ${this.t('previewReviewAsked', { name: request.by.name, date: this.date(request.at) })}
            </p>`
          : nothing
      }
      ${this.renderPrepared(story)}
      <form novalidate @submit=${(event: SubmitEvent) => this.respond(event, story)}>
        <label for="respond-${story.id}">${this.t('previewRespond')}</label>
        <textarea id="respond-${story.id}" name="body" maxlength="8000" required></textarea>
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${this.t('previewRespondSend')}</button>
        </div>
      </form>
      <form novalidate @submit=${(event: SubmitEvent) => this.requestReview(event, story)}>
        <label for="review-${story.id}">${this.t('previewReview')}</label>
        <textarea id="review-${story.id}" name="reason" maxlength="1000" required></textarea>
        <div class="row">
          <button type="submit" class="secondary" ?disabled=${this.busy}>
            ${this.t('previewReviewSend')}
          </button>
        </div>
      </form>
    </li>`;
  }
}
