import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { newIdempotencyKey } from '../../api/submission.js';
import { AdminView } from '../admin-view.js';
import { ApiError } from '../api.js';
import type { AdminKey } from '../l10n/index.js';
import type {
  Change,
  Progress,
  StoryDetail,
  StoryItem,
  OwnResponse,
  StoryPage,
  ThreadEntry,
  ThreadResponse,
} from './story.js';

/**
 * Staff and stakeholders: published stories about the services they act for, with how far each has
 * got, a "needs a response" filter, and the story itself (opening it records a read) with its thread,
 * where they respond in public and may edit or delete their response for 30 minutes.
 *
 * @summary Stories about your services, with progress and responses.
 */
export class CareloopAdminStories extends AdminView {
  @state() private service = '';
  @state() private needsResponse = false;
  @state() private items: StoryItem[] = [];
  @state() private next: string | null = null;
  @state() private progress = new Map<string, Progress>();
  @state() private loaded = false;
  @state() private story?: StoryDetail;
  @state() private editing?: string;
  @state() private confirming?: string;
  @state() private invalid = false;

  /**
   * The response being published and its Idempotency-Key: sending the same response again (after a
   * network failure, say) reuses the key, so the service publishes it once however often it arrives.
   */
  private sending?: { request: string; key: string };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('me') && this.me) {
      this.service = this.me.services[0] ?? '';
      void this.loadNames();
      void this.load();
    }
  }

  private async loadNames(): Promise<void> {
    const services = this.me?.services ?? [];
    if (services.length > 1) await this.loadServiceNames(services);
  }

  private async load(more = false): Promise<void> {
    if (!this.service) return;
    const page = await this.run(() =>
      this.api!.call<StoryPage>('GET', 'stories', undefined, {
        service: this.service,
        responded: this.needsResponse ? 'false' : undefined,
        limit: '20',
        cursor: more ? (this.next ?? undefined) : undefined,
      }),
    );
    if (!page) return;
    const first = page.items[0]?.id;
    this.items = more ? [...this.items, ...page.items] : page.items;
    this.next = page.next;
    this.loaded = true;
    if (more && first) void this.focusSoon(`[data-id="${first}"]`);
    // One request for the page and every story's progress: the list answers it for a signed-in account.
    const progress = new Map(this.progress);
    for (const item of page.items) if (item.progress) progress.set(item.id, item.progress);
    this.progress = progress;
  }

  private filter(event: Event): void {
    const form = (event.target as HTMLElement).closest('form')!;
    this.service = (form.elements.namedItem('service') as HTMLSelectElement | null)?.value ?? this.service;
    this.needsResponse = (form.elements.namedItem('needs') as HTMLInputElement).checked;
    this.items = [];
    this.loaded = false;
    void this.load();
  }

  private async open(id: string): Promise<void> {
    this.status = '';
    const story = await this.run(async () => {
      await this.api!.call('POST', `stories/${id}/reads`).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) throw error;
      });
      return this.api!.call<StoryDetail>('GET', `stories/${id}`);
    });
    if (!story) return;
    this.story = story;
    if (story.progress) this.progress = new Map(this.progress).set(id, story.progress);
    void this.focusSoon('#story');
  }

  private back(): void {
    const id = this.story?.id;
    this.story = undefined;
    this.editing = this.confirming = undefined;
    this.status = '';
    void this.focusSoon(`[data-id="${id}"]`);
  }

  /** Reads the story again after a change to its thread, says so, and focuses `focus`. */
  private async refresh(said: AdminKey, focus: string): Promise<void> {
    const id = this.story!.id;
    const story = await this.run(() => this.api!.call<StoryDetail>('GET', `stories/${id}`));
    if (story) {
      this.story = story;
      if (story.progress) this.progress = new Map(this.progress).set(id, story.progress);
      this.items = this.items.map((item) => (item.id === id ? story : item));
    }
    this.say(said);
    void this.focusSoon(focus);
  }

  private async respond(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const { body, change } = fields(form);
    this.invalid = !body.trim();
    if (this.invalid) return void this.focusSoon('#response');
    const path = `stories/${this.story!.id}/responses`;
    const payload = { body, ...(change ? { change } : {}) };
    const request = JSON.stringify([path, payload]);
    if (this.sending?.request !== request) this.sending = { request, key: newIdempotencyKey() };
    const key = this.sending.key;
    const created = await this.run(() => this.api!.call<OwnResponse>('POST', path, payload, {}, key));
    if (!created) return;
    this.sending = undefined;
    form.reset();
    const queued = created.moderationStatus === 'awaiting-moderation';
    await this.refresh(queued ? 'responseQueued' : 'responsePublished', `#r-${created.id}`);
  }

  private async saveEdit(event: SubmitEvent, id: string): Promise<void> {
    event.preventDefault();
    const { body, change } = fields(event.target as HTMLFormElement);
    if (!body.trim()) return;
    const saved = await this.run(() =>
      this.api!.call('PATCH', `stories/${this.story!.id}/responses/${id}`, { body, change: change || null }),
    );
    if (!saved) return;
    this.editing = undefined;
    await this.refresh('responseSaved', `#r-${id}`);
  }

  private async removeResponse(id: string): Promise<void> {
    const done = await this.run(async () => {
      await this.api!.call('DELETE', `stories/${this.story!.id}/responses/${id}`);
      return true;
    });
    this.confirming = undefined;
    if (done) await this.refresh('responseDeleted', '#thread');
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    return this.story ? this.renderStory(this.story) : this.renderList();
  }

  private renderList() {
    const services = this.me?.services ?? [];
    return html`<h2 tabindex="-1">${this.t('storiesHeading')}</h2>
      ${this.messages()}
      ${
        services.length === 0
          ? html`<p>${this.t('noServices')}</p>`
          : html`<form class="row" @change=${this.filter} @submit=${(e: Event) => e.preventDefault()}>
                ${services.length > 1 ? this.serviceSelect(services, this.service) : nothing}
                <label class="inline"
                  ><input type="checkbox" name="needs" .checked=${this.needsResponse} />${this.t(
                    'needsResponse',
                  )}</label
                >
              </form>
              ${
                !this.loaded
                  ? html`<p>${this.t('loading')}</p>`
                  : this.items.length === 0
                    ? html`<p>${this.t('noStories')}</p>`
                    : html`<p class="visually-hidden" aria-live="polite">
                          ${this.t('storyCount', { count: this.items.length })}
                        </p>
                        <ul>
                          ${this.items.map((item) => this.renderItem(item))}
                        </ul>`
              }
              ${this.loadMoreButton(this.next, () => this.load(true))}`
      }`;
  }

  private renderItem(item: StoryItem) {
    const stage = this.progress.get(item.id)?.stage;
    return html`<li class="item">
      <h3>
        <button type="button" class="link" data-id=${item.id} @click=${() => this.open(item.id)}>
          ${item.title}
        </button>
      </h3>
      <p class="muted">
        ${this.date(item.publishedAt, false)} · ${item.services.map((s) => s.name).join(', ')} ·
        ${this.t('by', { nickname: item.nickname })}
      </p>
      <p>
        ${stage ? html`<span class="badge">${this.t(`stage-${stage}` as AdminKey)}</span>` : nothing}
        ${
          item.responseCount === 0
            ? this.t('responsesNone')
            : item.responseCount === 1
              ? this.t('responsesOne')
              : this.t('responses', { count: item.responseCount })
        }
      </p>
    </li>`;
  }

  private renderStory(story: StoryDetail) {
    const progress = story.progress;
    return html`<button type="button" class="secondary" @click=${this.back}>${this.t('back')}</button>
      ${this.messages()}
      <article>
        <h2 id="story" tabindex="-1">${story.title}</h2>
        <p class="muted">
          ${this.t('by', { nickname: story.nickname })} ·
          ${this.t('published', { date: this.date(story.publishedAt) })} ·
          ${story.services.map((s) => s.name).join(', ')}
        </p>
        <p class="text">${story.body}</p>
        ${
          progress
            ? html`<p>
                <strong>${this.t('stage')}:</strong>
                <span class="badge">${this.t(`stage-${progress.stage}` as AdminKey)}</span>
                ${this.t('progressLine', {
                  reads: progress.readCount,
                  alerted: this.date(progress.heardAt),
                  firstResponse: this.date(progress.firstResponseAt),
                })}
              </p>`
            : nothing
        }
      </article>
      <h3 id="thread" tabindex="-1">${this.t('thread')}</h3>
      ${story.thread.length === 0 ? html`<p>${this.t('noThread')}</p>` : nothing}
      ${story.thread.map((entry) => this.renderEntry(entry))}
      <h3>${this.t('respondHeading')}</h3>
      <form novalidate @submit=${this.respond}>
        <label for="response">${this.t('yourResponse')}</label>
        <p id="response-hint" class="hint">${this.t('responseHint')}</p>
        <textarea
          id="response"
          name="body"
          maxlength="8000"
          aria-invalid=${this.invalid ? 'true' : 'false'}
          aria-describedby="response-hint${this.invalid ? ' response-error' : ''}"
          @input=${() => (this.invalid = false)}
        ></textarea>
        ${this.invalid ? html`<p id="response-error" class="field-error">${this.t('required')}</p>` : nothing}
        ${this.changeSelect('change', null)}
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${this.t('publishResponse')}</button>
        </div>
      </form>`;
  }

  private changeSelect(id: string, value: Change) {
    return html`<label for=${id}>${this.t('changeMarker')}</label>
      <select id=${id} name="change">
        <option value="" ?selected=${!value}>${this.t('noChange')}</option>
        <option value="planned" ?selected=${value === 'planned'}>${this.t('changePlanned')}</option>
        <option value="made" ?selected=${value === 'made'}>${this.t('changeMade')}</option>
      </select>`;
  }

  private renderEntry(entry: ThreadEntry) {
    if (entry.type === 'reply') {
      return html`<article id="r-${entry.id}" tabindex="-1">
        <h4>${this.t(entry.kind === 'update' ? 'authorUpdate' : 'authorReply')}</h4>
        <p class="muted">${this.date(entry.publishedAt)}</p>
        <p class="text">${entry.body}</p>
      </article>`;
    }
    const who = entry.responder!;
    const mine = entry.editableUntil && Date.parse(entry.editableUntil) > Date.now();
    return html`<article id="r-${entry.id}" tabindex="-1">
      <h4>${who.name}</h4>
      <p class="muted">
        ${[who.jobTitle, who.organisation.name].filter(Boolean).join(', ')} · ${this.date(entry.createdAt)}
        ${entry.editedAt ? this.t('edited') : nothing}
      </p>
      ${
        entry.change
          ? html`<p>
              <span class="badge">${this.t(entry.change === 'made' ? 'changeMade' : 'changePlanned')}</span>
            </p>`
          : nothing
      }
      ${
        entry.moderationStatus
          ? html`<p class="moderation-status">
              <span class="badge"
                >${this.t(entry.moderationStatus === 'rejected' ? 'responseRejected' : 'awaitingModeration')}</span
              >
              ${entry.rejectedReason ? this.t('rejectedBecause', { reason: entry.rejectedReason }) : nothing}
            </p>`
          : nothing
      }
      ${
        this.editing === entry.id
          ? html`<form @submit=${(e: SubmitEvent) => this.saveEdit(e, entry.id)}>
              <label for="edit-${entry.id}">${this.t('yourResponse')}</label>
              <textarea
                id="edit-${entry.id}"
                name="body"
                required
                maxlength="8000"
                .value=${entry.body}
              ></textarea>
              ${this.changeSelect(`edit-change-${entry.id}`, entry.change ?? null)}
              <div class="row">
                <button type="submit" ?disabled=${this.busy}>${this.t('save')}</button>
                <button type="button" class="secondary" @click=${() => this.stopEditing(entry.id)}>
                  ${this.t('cancel')}
                </button>
              </div>
            </form>`
          : html`<p class="text">${entry.body}</p>`
      }
      ${mine && this.editing !== entry.id ? this.renderOwnActions(entry) : nothing}
    </article>`;
  }

  private renderOwnActions(entry: ThreadResponse) {
    if (this.confirming === entry.id) {
      return html`<div class="row" role="group" aria-labelledby="confirm-${entry.id}">
        <p id="confirm-${entry.id}" class="confirm" tabindex="-1">${this.t('confirmDelete')}</p>
        <button
          type="button"
          class="danger"
          ?disabled=${this.busy}
          @click=${() => this.removeResponse(entry.id)}
        >
          ${this.t('delete')}
        </button>
        <button type="button" class="secondary" @click=${() => this.stopEditing(entry.id)}>
          ${this.t('keep')}
        </button>
      </div>`;
    }
    return html`<p class="hint">${this.t('editableUntil', { date: this.date(entry.editableUntil) })}</p>
      <div class="row">
        <button type="button" class="secondary" @click=${() => this.startEditing(entry.id)}>
          ${this.t('edit')}
        </button>
        <button type="button" class="secondary" @click=${() => this.confirmDelete(entry.id)}>
          ${this.t('delete')}
        </button>
      </div>`;
  }

  private startEditing(id: string): void {
    this.editing = id;
    void this.focusSoon(`#edit-${id}`);
  }

  private confirmDelete(id: string): void {
    this.confirming = id;
    void this.focusSoon(`#confirm-${id}`);
  }

  private stopEditing(id: string): void {
    this.editing = this.confirming = undefined;
    void this.focusSoon(`#r-${id}`);
  }
}

function fields(form: HTMLFormElement): { body: string; change: string } {
  const data = new FormData(form);
  return { body: String(data.get('body') ?? ''), change: String(data.get('change') ?? '') };
}
