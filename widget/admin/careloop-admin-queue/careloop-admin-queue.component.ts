import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { AdminView } from '../admin-view.js';
import { adminStyles } from '../admin.styles.js';
import { segments, type Flag } from '../flags.js';
import { isAdminKey, type AdminKey } from '../l10n/index.js';
import '../careloop-admin-service-search/careloop-admin-service-search.js';
import { careloopAdminQueueStyles } from './careloop-admin-queue.styles.js';
import {
  excerpt,
  tagLabels,
  tagLists,
  type Draft,
  type QueueItem,
  type QueuePage,
  type QueueStory,
  type Tags,
} from './queue-item.js';
import { monthAndYear, warningText } from './warnings.js';
import { consentLabels, toldViaLabels } from '../told-labels.js';

const kindLabels = { story: 'kindStory', reply: 'kindReply', response: 'kindResponse' } as const;

/** The badge: a story's or reply's status; a queued response awaits moderation. */
function statusOf(item: QueueItem): AdminKey {
  return item.type === 'response' ? 'awaitingModeration' : item.status;
}

/**
 * Moderators and admins: stories, authors' replies and responders' queued responses waiting for
 * moderation, oldest first. A response is approved or rejected as written (only its responder edits it). Opening one
 * shows it as sent with possible identifying details highlighted, lets the moderator redact and edit it,
 * set its services, tags and criticality, and publish, hold or reject it with a message to the author.
 *
 * @summary The moderation queue.
 */
export class CareloopAdminQueue extends AdminView {
  static override styles = [adminStyles, careloopAdminQueueStyles];

  @state() private show = '';
  @state() private items: QueueItem[] = [];
  @state() private total = 0;
  @state() private next: string | null = null;
  @state() private loaded = false;
  @state() private item?: QueueItem;
  @state() private draft?: Draft;
  @state() private redacted = new Set<number>();
  @state() private reasonInvalid = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('me') && this.me) void this.load();
  }

  private async load(more = false): Promise<void> {
    const page = await this.run(() =>
      this.api!.call<QueuePage>('GET', 'moderation/queue', undefined, {
        status: this.show || undefined,
        limit: '20',
        cursor: more ? (this.next ?? undefined) : undefined,
      }),
    );
    if (!page) return;
    this.items = more ? [...this.items, ...page.items] : page.items;
    this.total = page.total;
    this.next = page.next;
    this.loaded = true;
    if (more && page.items[0]) void this.focusSoon(`[data-id="${page.items[0].id}"]`);
  }

  /** `item` may be a reply or a response: it has none of a story's own fields, so the draft reads them as missing. */
  private open(item: QueueItem & Partial<Omit<QueueStory, 'type'>>): void {
    this.item = item;
    this.status = '';
    this.error = undefined;
    this.redacted = new Set();
    this.reasonInvalid = false;
    const tags = item.tags ?? { good: [], improve: [], feelings: [] };
    this.draft = {
      title: item.title ?? '',
      body: item.body,
      services: [...(item.services ?? [])],
      tags: {
        good: tags.good.join(', '),
        improve: tags.improve.join(', '),
        feelings: tags.feelings.join(', '),
      },
      criticality: item.criticality == null ? '' : String(item.criticality),
      reason: item.statusReason ?? '',
    };
    void this.focusSoon('#item');
  }

  private back(): void {
    const id = this.item?.id;
    this.item = this.draft = undefined;
    this.error = undefined;
    void this.focusSoon(`[data-id="${id}"]`);
  }

  private edit(change: Partial<Draft>): void {
    this.draft = { ...this.draft!, ...change };
  }

  /** Replaces the flagged text wherever it appears in its field of the draft. */
  private redact(flag: Flag, index: number): void {
    const field = flag.field;
    this.edit({ [field]: this.draft![field].split(flag.text).join(this.t('redacted')) });
    this.redacted = new Set(this.redacted).add(index);
    this.say('redactedNote');
  }

  private async act(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const action = (event.submitter as HTMLButtonElement | null)?.value ?? 'publish';
    const item = this.item!;
    const draft = this.draft!;
    this.reasonInvalid = action !== 'publish' && !draft.reason.trim();
    if (this.reasonInvalid) return void this.focusSoon('#reason');
    const body: Record<string, unknown> = { action };
    if (action !== 'publish') body.reason = draft.reason.trim();
    if (draft.body !== item.body && item.type !== 'response') body.body = draft.body;
    if (item.type === 'story') {
      if (draft.title !== item.title) body.title = draft.title;
      const ids = draft.services.map((s) => s.id);
      if (ids.join() !== item.services!.map((s) => s.id).join()) body.services = ids;
      const tags: Partial<Tags> = {};
      for (const list of tagLists) {
        const value = draft.tags[list]
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean);
        if (value.join() !== item.tags![list].join()) tags[list] = value;
      }
      if (Object.keys(tags).length) body.tags = tags;
      const criticality = draft.criticality === '' ? null : Number(draft.criticality);
      if (criticality !== item.criticality) body.criticality = criticality;
    }
    const path =
      item.type === 'response'
        ? `stories/${item.story.id}/responses/${item.id}/moderation`
        : `${item.type === 'story' ? 'stories' : 'replies'}/${item.id}/moderation`;
    const done = await this.run(() => this.api!.call('POST', path, body));
    if (!done) return;
    this.items = this.items.filter((other) => other.id !== item.id);
    this.total = Math.max(0, this.total - 1);
    this.item = this.draft = undefined;
    const rejected = item.type === 'response' ? 'didRejectResponse' : 'didReject';
    this.say(({ publish: 'didPublish', hold: 'didHold', reject: rejected } as const)[action as 'publish']);
    void this.focusSoon('.status');
  }

  /**
   * Holds the story for a live formal complaint (reference and note for moderators only), or releases
   * that hold, which returns it to the queue.
   */
  private async actOnComplaint(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const item = this.item!;
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const release = (event.submitter as HTMLButtonElement | null)?.value === 'complaint-release';
    const body: Record<string, unknown> = { action: release ? 'complaint-release' : 'complaint-hold' };
    if (!release && text('complaintReference')) body.complaintReference = text('complaintReference');
    if (!release && text('complaintNote')) body.reason = text('complaintNote');
    const done = await this.run(() => this.api!.call('POST', `stories/${item.id}/moderation`, body));
    if (!done) return;
    this.items = this.items.filter((other) => other.id !== item.id);
    this.total = Math.max(0, this.total - 1);
    this.item = this.draft = undefined;
    this.say(release ? 'didReleaseComplaint' : 'didHoldComplaint');
    void this.focusSoon('.status');
  }

  private renderComplaint(story: QueueStory) {
    const complaint = story.complaint;
    return html`<h3>${this.t('complaintHeading')}</h3>
      <form novalidate @submit=${this.actOnComplaint}>
        ${
          complaint
            ? html`<p class="flag-count">${this.t('complaintHeld', { date: this.date(complaint.since) })}</p>
                ${complaint.reference ? html`<p>${this.t('complaintRef', { reference: complaint.reference })}</p>` : nothing}
                ${complaint.note ? html`<p class="text">${complaint.note}</p>` : nothing}
                <button type="submit" class="secondary" value="complaint-release" ?disabled=${this.busy}>
                  ${this.t('complaintRelease')}
                </button>`
            : html`<p class="muted" id="complaint-hint">${this.t('complaintHint')}</p>
                <label for="complaintReference">${this.t('complaintReference')}</label>
                <input id="complaintReference" name="complaintReference" maxlength="100" />
                <label for="complaintNote">${this.t('complaintNote')}</label>
                <textarea id="complaintNote" name="complaintNote" maxlength="1000"></textarea>
                <button type="submit" class="secondary" value="complaint-hold" ?disabled=${this.busy}>
                  ${this.t('complaintHold')}
                </button>`
        }
      </form>`;
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    return this.item && this.draft ? this.renderItem(this.item, this.draft) : this.renderList();
  }

  private renderList() {
    return html`<h2 tabindex="-1">${this.t('queueHeading')}</h2>
      ${this.messages()}
      <div class="row">
        <label for="show">${this.t('show')}</label>
        <select
          id="show"
          @change=${(e: Event) => {
            this.show = (e.target as HTMLSelectElement).value;
            void this.load();
          }}
        >
          <option value="">${this.t('all')}</option>
          <option value="submitted">${this.t('submitted')}</option>
          <option value="held">${this.t('held')}</option>
          <option value="complaint">${this.t('complaintFilter')}</option>
        </select>
      </div>
      ${
        !this.loaded
          ? html`<p>${this.t('loading')}</p>`
          : this.items.length === 0
            ? html`<p>${this.t('queueEmpty')}</p>`
            : html`<p aria-live="polite">${this.t('waiting', { count: this.total })}</p>
                <ul>
                  ${this.items.map(
                    (item) =>
                      html`<li class="item">
                        <h3>
                          <button
                            type="button"
                            class="link"
                            data-id=${item.id}
                            @click=${() => this.open(item)}
                          >
                            ${this.heading(item)}
                          </button>
                        </h3>
                        <p class="muted">
                          ${this.t(kindLabels[item.type])} ·
                          ${this.t('submittedAt', { date: this.date(item.submittedAt) })} ·
                          <span class="badge">${this.t(statusOf(item))}</span>
                        </p>
                        <p class="excerpt">${excerpt(item.body)}</p>
                        ${
                          item.type === 'story' && item.toldVia
                            ? html`<p class="muted">${this.t('toldQueueHeading')}</p>`
                            : nothing
                        }
                        <p class=${item.flags.length ? 'flag-count' : 'muted'}>
                          ${this.flagCount(item.flags.length)}
                        </p>
                        ${item.type === 'story' ? this.warnings(item) : nothing}
                        ${item.type === 'story' ? this.previewNote(item) : nothing}
                      </li>`,
                  )}
                </ul>`
      }
      ${this.loadMoreButton(this.next, () => this.load(true))}`;
  }

  private heading(item: QueueItem): string {
    if (item.type === 'story') return item.title;
    if (item.type === 'response') return this.t('responseTo', { title: item.story.title });
    return this.t(item.kind === 'update' ? 'updateTo' : 'replyTo', { title: item.story.title });
  }

  /**
   * `true`: every later response of this responder waits for a moderator, until a moderator says
   * otherwise; `false`: they publish directly from now on, however new they are.
   */
  private async setResponderModeration(userId: string, moderated: boolean): Promise<void> {
    const done = await this.run(() =>
      this.api!.call('PUT', `users/${userId}/responder-moderation`, { moderated }),
    );
    if (done) this.say(moderated ? 'didKeepOnModeration' : 'didTakeOffModeration');
  }

  private flagCount(count: number): string {
    if (count === 0) return this.t('flagsNone');
    return count === 1 ? this.t('flagsCountOne') : this.t('flagsCount', { count });
  }

  /**
   * A story in provider preview is here because a responder asked for a review: who, why, and when it
   * is published anyway unless held.
   */
  private previewNote(story: QueueStory) {
    const request = story.status === 'preview' ? story.preview?.reviewRequest : null;
    if (!request || !story.preview) return nothing;
    const lastDay = new Date(Date.parse(story.preview.until) - 1).toISOString();
    return html`<p class="flag-count" data-preview>
        ${this.t('previewReviewAsked', { name: request.by.name, date: this.date(request.at) })} ·
        ${this.t('previewUntil', { date: this.date(lastDay, false) })}
      </p>
      <p class="text">${request.reason}</p>`;
  }

  /**
   * Every step the story has been through (moderators', responders' and careloop's), oldest first. The
   * reasons are shown where they matter (the complaint, the review request, the message to the author).
   */
  private renderHistory(story: QueueStory) {
    if (story.moderation.length === 0) return nothing;
    return html`<h3>${this.t('historyHeading')}</h3>
      <ol class="history">
        ${story.moderation.map((entry) => {
          const key = `history-${entry.action}`;
          return html`<li>
            ${this.date(entry.at)} · ${isAdminKey(key) ? this.t(key) : entry.action} · ${entry.by.name}
          </li>`;
        })}
      </ol>`;
  }

  /** The moderation rules a story may break (long, long ago, possible duplicate), as sentences. */
  private warnings(story: QueueStory) {
    if (story.warnings.length === 0) return nothing;
    return html`<ul class="warnings" aria-label=${this.t('warningsHeading')}>
      ${story.warnings.map(
        (warning) =>
          html`<li class="flag-count" data-warning=${warning.kind}>
            ${warningText(warning, (key, values) => this.t(key, values), this.l10n.locale)}
          </li>`,
      )}
    </ul>`;
  }

  /** Entered for its author by staff or a volunteer: how, how the author agreed, and who entered it. */
  private told(story: QueueStory, told: NonNullable<QueueStory['onBehalf']>) {
    const via = story.toldVia ? this.t(toldViaLabels[story.toldVia]) : '';
    return html`<h3>${this.t('toldQueueHeading')}</h3>
      <p class="told">
        ${this.t('toldQueue', {
          via,
          consent: this.t(consentLabels[told.consent as keyof typeof consentLabels]),
          name: told.enteredBy.name,
        })}
      </p>
      ${told.consentNote ? html`<p class="text">${told.consentNote}</p>` : nothing}`;
  }

  private marked(text: string, field: Flag['field']) {
    return segments(text, this.item!.flags, field).map(([piece, flag]) =>
      flag
        ? html`<mark part="flag"
            >${piece}<span class="visually-hidden"> (${this.t(`flag-${flag.kind}` as AdminKey)})</span></mark
          >`
        : piece,
    );
  }

  private renderItem(item: QueueItem, draft: Draft) {
    const story = item.type === 'story';
    const response = item.type === 'response';
    const input = (name: 'title' | 'reason') => (e: Event) =>
      this.edit({ [name]: (e.target as HTMLInputElement).value });
    return html`<button type="button" class="secondary" @click=${this.back}>${this.t('back')}</button>
      ${this.messages()}
      <h2 id="item" tabindex="-1">${this.heading(item)}</h2>
      <p class="muted">
        ${this.t(kindLabels[item.type])} ·
        ${story ? html`${this.t('by', { nickname: item.nickname! })} ·` : nothing}
        ${
          item.type === 'response'
            ? html`${this.t('byResponder', { name: item.responder.name, organisation: item.responder.organisation.name })}
              ·`
            : nothing
        }
        ${this.t('submittedAt', { date: this.date(item.submittedAt) })} ·
        <span class="badge">${this.t(statusOf(item))}</span>
      </p>
      <h3>${this.t('asSent')}</h3>
      <div class="sent">
        ${story ? html`<p><strong>${this.marked(item.title!, 'title')}</strong></p>` : nothing}
        <p class="text">${this.marked(item.body, 'body')}</p>
      </div>
      ${
        item.type === 'story' && item.happenedIn
          ? html`<p>${this.t('happenedIn', { month: monthAndYear(item.happenedIn, this.l10n.locale) })}</p>`
          : nothing
      }
      ${item.type === 'story' && item.onBehalf ? this.told(item, item.onBehalf) : nothing}
      ${item.type === 'story' ? this.previewNote(item) : nothing}
      ${
        item.type === 'story' && item.warnings.length
          ? html`<h3>${this.t('warningsHeading')}</h3>
              ${this.warnings(item)}`
          : nothing
      }
      <h3>${this.t('flagsHeading')}</h3>
      ${
        item.flags.length === 0
          ? html`<p>${this.t('noFlags')}</p>`
          : html`<ul>
              ${item.flags.map(
                (flag, index) =>
                  html`<li class="row">
                    <span>${this.t(`flag-${flag.kind}` as AdminKey)}: <mark>${flag.text}</mark></span>
                    <button
                      type="button"
                      class="secondary"
                      ?disabled=${this.redacted.has(index)}
                      aria-label="${this.t('redact')} ${flag.text}"
                      @click=${() => this.redact(flag, index)}
                    >
                      ${this.t('redact')}
                    </button>
                  </li>`,
              )}
            </ul>`
      }
      ${item.type === 'story' ? this.renderHistory(item) : nothing}
      ${item.type === 'story' ? this.renderComplaint(item) : nothing}
      ${
        item.type === 'response'
          ? html`<div class="row">
              ${([true, false] as const).map(
                (moderated) =>
                  html`<button
                    type="button"
                    class="secondary"
                    ?disabled=${this.busy}
                    @click=${() => this.setResponderModeration(item.responder.userId, moderated)}
                  >
                    ${this.t(moderated ? 'keepOnModeration' : 'takeOffModeration')}
                  </button>`,
              )}
            </div>`
          : nothing
      }
      <h3>${this.t('editHeading')}</h3>
      <form novalidate @submit=${this.act}>
        ${
          story
            ? html`<label for="title">${this.t('title')}</label>
                <input id="title" maxlength="150" .value=${draft.title} @input=${input('title')} />`
            : nothing
        }
        ${
          item.type === 'response'
            ? nothing
            : html`<label for="body">${this.t('body')}</label>
                <textarea
                  id="body"
                  maxlength="8000"
                  .value=${draft.body}
                  @input=${(e: Event) => this.edit({ body: (e.target as HTMLTextAreaElement).value })}
                ></textarea>`
        }
        ${story ? this.renderStoryFields(draft) : nothing}
        <label for="reason">${this.t(response ? 'reasonResponder' : 'reason')}</label>
        <p id="reason-hint" class="hint">${this.t(response ? 'reasonHintResponder' : 'reasonHint')}</p>
        <textarea
          id="reason"
          maxlength="1000"
          .value=${draft.reason}
          aria-invalid=${this.reasonInvalid ? 'true' : 'false'}
          aria-describedby="reason-hint${this.reasonInvalid ? ' reason-error' : ''}"
          @input=${input('reason')}
        ></textarea>
        ${this.reasonInvalid ? html`<p id="reason-error" class="field-error">${this.t(response ? 'reasonNeededResponder' : 'reasonNeeded')}</p>` : nothing}
        <div class="row">
          <button
            type="submit"
            value="publish"
            ?disabled=${this.busy || (item.type === 'story' && (!draft.services.length || !!item.complaint))}
          >
            ${this.t('publish')}
          </button>
          ${
            item.type === 'response'
              ? nothing
              : html`<button type="submit" class="secondary" value="hold" ?disabled=${this.busy}>
                  ${this.t('hold')}
                </button>`
          }
          <button type="submit" class="danger" value="reject" ?disabled=${this.busy}>
            ${this.t('reject')}
          </button>
        </div>
      </form>`;
  }

  private renderStoryFields(draft: Draft) {
    return html`<fieldset>
        <legend>${this.t('services')}</legend>
        ${draft.services.length === 0 ? html`<p class="field-error">${this.t('atLeastOneService')}</p>` : nothing}
        <ul>
          ${draft.services.map(
            (service) =>
              html`<li class="row">
                <span>${service.name}</span>
                <button
                  type="button"
                  class="secondary"
                  @click=${() => {
                    this.edit({ services: draft.services.filter((s) => s.id !== service.id) });
                    void this.focusSoon('careloop-admin-service-search');
                  }}
                >
                  ${this.t('remove', { name: service.name })}
                </button>
              </li>`,
          )}
        </ul>
        ${
          draft.services.length < 5
            ? html`<careloop-admin-service-search
                tabindex="-1"
                .api=${this.api}
                @careloop-service-chosen=${(e: CustomEvent<{ id: string; name: string }>) => {
                  if (!draft.services.some((s) => s.id === e.detail.id))
                    this.edit({ services: [...draft.services, e.detail] });
                }}
              ></careloop-admin-service-search>`
            : nothing
        }
      </fieldset>
      ${tagLists.map(
        (list) =>
          html`<label for="tags-${list}">${this.t(tagLabels[list])}</label>
            <input
              id="tags-${list}"
              .value=${draft.tags[list]}
              @input=${(e: Event) =>
                this.edit({ tags: { ...draft.tags, [list]: (e.target as HTMLInputElement).value } })}
            />`,
      )}
      <label for="criticality">${this.t('criticality')}</label>
      <select
        id="criticality"
        @change=${(e: Event) => this.edit({ criticality: (e.target as HTMLSelectElement).value })}
      >
        <option value="" ?selected=${draft.criticality === ''}>${this.t('notRated')}</option>
        ${[0, 1, 2, 3, 4, 5].map(
          (n) =>
            html`<option value=${n} ?selected=${draft.criticality === String(n)}>
              ${this.t(`crit-${n}` as AdminKey)}
            </option>`,
        )}
      </select>`;
  }
}
