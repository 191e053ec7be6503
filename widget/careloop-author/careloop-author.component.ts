import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  emailedAuthorAccess,
  eraseStory,
  readOwnStory,
  readPersonalData,
  sendReply,
  withdrawStory,
  type AuthorAccess,
  type AuthorStory,
  type StoryStatus,
} from '../api/author.js';
import { CareloopClient, ProblemError, resolveServiceBase, ServiceBusyError } from '../api/client.js';
import { newIdempotencyKey } from '../api/submission.js';
import { careloopFormStyles } from '../careloop-form/careloop-form.styles.js';
import { careloopStoriesStyles } from '../careloop-stories/careloop-stories.styles.js';
import { roleKeys, storyDetail } from '../careloop-stories/templates.js';
import { LocaleController, widgetCatalogues, type MessageKey, type MessageValues } from '../l10n/index.js';
import { formatDate } from '../shared/dates.js';
import { emit } from '../shared/events.js';
import { routeOf } from '../shared/links.js';
import { saveFile } from '../shared/save-file.js';
import { summaryList } from '../shared/summary-list.js';

/**
 * Author mode, opened from the author's private link: their story's status and what it means (with the
 * moderator's message when held or rejected), the story as they sent it (or as it is published, with
 * the responses), their replies and where each is in moderation, and what they can do: reply, or
 * withdraw the story after a confirmation step.
 *
 * Give it `story` and `author-key`; without them it reads the page's fragment
 * (`#careloop-author=<id>.<key>`, or the emailed `#careloop-story=<id>&careloop-author-key=<key>`).
 *
 * @summary The author's own view of their story: status, replies, withdraw.
 *
 * @fires careloop-story-withdrawn - The author withdrew the story; `detail.id` is its id.
 * @fires careloop-story-erased - The author deleted the story and their details; `detail.id` is its id.
 *
 * @csspart panel - The box around author mode.
 * @csspart withdraw-button - The button that starts withdrawing the story.
 * @csspart download-button - The button that downloads everything held about the story (JSON).
 * @csspart erase-button - The button that starts deleting the story and the author's details.
 *
 * @cssprop --careloop-color-text - Main text colour.
 * @cssprop --careloop-color-text-muted - Dates and hints.
 * @cssprop --careloop-color-surface - Background.
 * @cssprop --careloop-color-accent - Buttons.
 * @cssprop --careloop-color-error - Error messages.
 * @cssprop --careloop-radius - Corner radius.
 * @cssprop --careloop-space - Base spacing unit.
 * @cssprop --careloop-scroll-margin-top - Room kept above what takes focus (e.g. under a sticky site header).
 */
export class CareloopAuthor extends LitElement {
  // The story and its thread look as they do in the list (and share its template); fields as in the form.
  static override styles = [
    ...careloopFormStyles,
    careloopStoriesStyles,
    css`
      :host {
        min-height: 0;
      }

      /* Room for the story while it loads: the page below moves less when it arrives. */
      .loading {
        min-height: 12rem;
      }

      .status-box {
        margin-bottom: var(--_space);
        padding: calc(var(--_space) / 2) var(--_space);
        background: var(--_subtle);
        border-left: 6px solid var(--_accent);
      }

      .status-box.published {
        border-left-color: var(--_success);
      }

      .status-box.held,
      .status-box.rejected {
        border-left-color: var(--_warning);
      }

      .status-box.withdrawn {
        border-left-color: var(--_muted);
      }

      .status-box > :last-child {
        margin-bottom: 0;
      }

      /* The stories' labels stack their field under the words; a radio sits beside its words. */
      .check {
        flex-direction: row;
      }
    `,
  ];

  /** Base URL of the careloop service; defaults to the origin that served the widget script. */
  @property() api = '';

  /** The story's id, from the private link. */
  @property() story = '';

  /** The story's author key, from the private link. */
  @property({ attribute: 'author-key' }) authorKey = '';

  @state() private loaded?: AuthorStory;
  @state() private problem: MessageKey | '' = '';
  @state() private confirming = false;
  @state() private confirmingErase = false;
  @state() private note: MessageKey | '' = '';
  @state() private reply = '';
  @state() private replyNote: MessageKey | '' = '';
  @state() private replyInvalid = false;
  /** A reply to the responses, or an update on how things went since: moderated alike. */
  @state() private replyKind: 'reply' | 'update' = 'reply';

  private readonly l10n = new LocaleController(this, widgetCatalogues);
  private focusId = '';
  private busy = false;
  private reloadTimer = 0;
  /** One Idempotency-Key per reply, kept until it is received, so a retry never sends it twice. */
  private replyKey = '';
  private readonly followHash = () => {
    if (!this.story) void this.load();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.followHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.followHash);
    clearTimeout(this.reloadTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('story') || changed.has('authorKey') || changed.has('api')) void this.load();
  }

  protected override updated(): void {
    if (!this.focusId) return;
    this.renderRoot.querySelector<HTMLElement>(`#${this.focusId}`)?.focus();
    this.focusId = '';
  }

  private access(): AuthorAccess | null {
    if (this.story && this.authorKey) return { story: this.story, authorKey: this.authorKey };
    const route = routeOf(location.hash);
    return route.view === 'author' ? route : emailedAuthorAccess(location.hash);
  }

  private client(): CareloopClient {
    return new CareloopClient(resolveServiceBase(this.api, this.ownerDocument));
  }

  /** Fetches the story as its author sees it; `focusId` is where focus goes once it is shown. */
  async load(focusId = ''): Promise<void> {
    const access = this.access();
    this.problem = '';
    clearTimeout(this.reloadTimer);
    if (!access) {
      this.problem = 'author.notFound';
      return;
    }
    try {
      this.loaded = await readOwnStory(this.client(), access);
      this.focusId = focusId;
    } catch (error) {
      this.loaded = undefined;
      const status = error instanceof ProblemError ? error.status : 0;
      this.problem =
        status === 410
          ? 'author.erased'
          : [401, 403, 404].includes(status)
            ? 'author.notFound'
            : 'unavailable';
      if (error instanceof ServiceBusyError) {
        // Shed by a busy service: say so, and ask again once it has had the time it asked for.
        this.problem = 'busy';
        this.reloadTimer = window.setTimeout(() => void this.load(focusId), error.retryAfterMs);
      }
    }
  }

  private askToWithdraw(): void {
    this.confirming = true;
    this.focusId = 'confirm';
  }

  private keepStory(): void {
    this.confirming = false;
    this.focusId = 'withdraw';
  }

  private async withdraw(): Promise<void> {
    const access = this.access();
    if (!access || this.busy) return;
    this.busy = true;
    try {
      await withdrawStory(this.client(), access);
      this.confirming = false;
      await this.load('status');
      emit(this, 'careloop-story-withdrawn', { id: access.story });
    } catch {
      this.note = 'author.failed';
    } finally {
      this.busy = false;
    }
  }

  private askToErase(): void {
    this.confirmingErase = true;
    this.focusId = 'confirm-erase';
  }

  private keepDetails(): void {
    this.confirmingErase = false;
    this.focusId = 'erase';
  }

  /** Deletes the story and the author's details; what is left to show is that it was done. */
  private async erase(): Promise<void> {
    const access = this.access();
    if (!access || this.busy) return;
    this.busy = true;
    try {
      await eraseStory(this.client(), access);
      this.confirmingErase = false;
      this.loaded = undefined;
      this.problem = 'author.erased';
      this.focusId = 'status';
      emit(this, 'careloop-story-erased', { id: access.story });
    } catch {
      this.note = 'author.failed';
    } finally {
      this.busy = false;
    }
  }

  private async sendReply(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const access = this.access();
    const body = this.reply.trim();
    if (!access || this.busy) return;
    if (!body || body.length > 8000) {
      this.replyInvalid = true;
      this.focusId = 'reply';
      return;
    }
    this.busy = true;
    this.replyKey ||= newIdempotencyKey();
    try {
      await sendReply(this.client(), access, body, this.replyKey, this.replyKind);
      this.reply = '';
      this.replyKey = '';
      this.replyNote = this.replyKind === 'update' ? 'author.update.sent' : 'author.reply.sent';
      await this.load();
    } catch (error) {
      const status = error instanceof ProblemError ? error.status : 0;
      this.replyInvalid = status === 400;
      this.replyNote = status === 400 ? '' : status === 429 ? 'author.tooMany' : 'author.failed';
      if (this.replyInvalid) this.focusId = 'reply';
    } finally {
      this.busy = false;
    }
  }

  private readonly t = (key: MessageKey, values?: MessageValues): string => this.l10n.msg(key, values);

  protected override render() {
    const story = this.loaded;
    return html`<section class="panel" part="panel" aria-labelledby="heading" lang=${this.l10n.locale}>
      <h2 id="heading">${this.t('author.label')}</h2>
      ${
        story
          ? this.renderStory(story)
          : html`<p id="status" class="loading" role="status" tabindex="-1">
                ${this.t(this.problem || 'author.loading')}
              </p>
              ${
                this.problem === 'unavailable'
                  ? html`<button type="button" @click=${() => this.load('heading')}>
                      ${this.t('retry')}
                    </button>`
                  : nothing
              }`
      }
    </section>`;
  }

  private renderStory(story: AuthorStory): TemplateResult {
    const published = story.status === 'published';
    // Published replies are in the thread; the others are listed with where they are in moderation.
    const waiting = story.replies.filter((reply) => reply.status !== 'published');
    return html`${this.renderStatus(story)}
    ${
      published
        ? storyDetail(story, { msg: this.t, locale: this.l10n.locale })
        : html`<h3>${this.t('author.sent')}</h3>
            ${this.renderAsSent(story)}`
    }
    ${
      waiting.length
        ? html`<h3>${this.t('author.replies')}</h3>
            <ul class="plain">
              ${waiting.map(
                (reply) =>
                  html`<li>
                    <p class="meta">
                      ${this.t(`author.kind.${reply.kind}`)} · ${this.date(reply.submittedAt)} ·
                      ${this.t(`author.status.${reply.status}`)}${reply.statusReason ? `: ${reply.statusReason}` : ''}
                    </p>
                    <p class="body">${reply.body}</p>
                  </li>`,
              )}
            </ul>`
        : nothing
    }
    ${story.status === 'withdrawn' ? nothing : this.renderActions(story)} ${this.renderDownload()}
    ${this.renderErase()}`;
  }

  private date(iso: string | null | undefined): string {
    return formatDate(iso, this.l10n.locale, this.t);
  }

  /** Where the story is, what that means in plain words, and when it got there. */
  private renderStatus(story: AuthorStory): TemplateResult {
    const dates = [
      this.t('author.sentOn', { date: this.date(story.submittedAt) }),
      story.publishedAt ? this.t('author.publishedOn', { date: this.date(story.publishedAt) }) : '',
      story.withdrawnAt ? this.t('author.withdrawnOn', { date: this.date(story.withdrawnAt) }) : '',
    ].filter(Boolean);
    const reason = story.statusReason && story.status !== 'published' ? story.statusReason : '';
    return html`<div class="status-box ${story.status}">
      <p id="status" tabindex="-1" role="status">
        <strong>${this.t('author.status')}</strong> ${this.t(`author.status.${story.status}`)}
        ${this.note ? html`<br />${this.t(this.note)}` : nothing}
      </p>
      <p>${this.t(story.heldForComplaint ? 'author.meaning.complaint' : `author.meaning.${story.status}`)}</p>
      ${
        story.previewUntil
          ? html`<p>
              ${this.t('author.previewUntil', {
                // The window closes at the midnight that ends its last day: that day is what people say.
                date: this.date(new Date(Date.parse(story.previewUntil) - 1).toISOString()),
              })}
              ${story.previewReviewRequested ? this.t('author.previewReview') : nothing}
            </p>`
          : nothing
      }
      ${
        reason
          ? html`<p><strong>${this.t('author.reason')}</strong></p>
              <p class="body">${reason}</p>`
          : nothing
      }
      <p class="meta">${dates.join(' · ')}</p>
    </div>`;
  }

  /** The story as the author sent it: every answer they gave, as text. */
  private renderAsSent(story: AuthorStory): TemplateResult {
    const role = roleKeys[story.authorRole];
    return summaryList(
      [
        { label: this.t('form.title'), value: story.title },
        { label: this.t('form.body'), value: story.body },
        { label: this.t('form.services'), value: story.services.map((service) => service.name) },
        { label: this.t('tagsGood'), value: story.tags.good },
        { label: this.t('tagsImprove'), value: story.tags.improve },
        { label: this.t('tagsFeelings'), value: story.tags.feelings },
        { label: this.t('form.nickname'), value: story.nickname },
        { label: this.t('form.authorRole'), value: role ? this.t(role) : story.authorRole },
      ],
      { change: '', empty: this.t('form.notGiven') },
    );
  }

  /** What the author can do from here, in words, then the reply box (published) and withdrawing. */
  private renderActions(story: AuthorStory): TemplateResult {
    return html`<section aria-labelledby="actions-title">
      <h3 id="actions-title">${this.t('author.actions')}</h3>
      <p>${this.t(`author.actions.${story.status as Exclude<StoryStatus, 'withdrawn'>}`)}</p>
      ${story.status === 'published' ? this.renderReplyForm() : nothing} ${this.renderWithdraw()}
    </section>`;
  }

  private renderReplyForm(): TemplateResult {
    const describedBy = this.replyInvalid ? 'reply-hint reply-error' : 'reply-hint';
    return html`<form novalidate @submit=${this.sendReply}>
      <fieldset class="field">
        <legend>${this.t('author.kind')}</legend>
        <div class="radios">
          ${(['reply', 'update'] as const).map(
            (kind) =>
              html`<label class="check"
                ><input
                  type="radio"
                  name="kind"
                  value=${kind}
                  .checked=${this.replyKind === kind}
                  @change=${() => (this.replyKind = kind)}
                />
                ${this.t(`author.kind.${kind}`)}</label
              >`,
          )}
        </div>
      </fieldset>
      <div class="field">
        <label for="reply"
          >${this.t(this.replyKind === 'update' ? 'author.kind.update' : 'author.reply')}</label
        >
        <p class="hint" id="reply-hint">${this.t('author.reply.hint')}</p>
        ${this.replyInvalid ? html`<p class="error" id="reply-error">${this.t('author.reply.empty')}</p>` : nothing}
        <textarea
          id="reply"
          rows="5"
          .value=${this.reply}
          @input=${(event: Event) => {
            this.reply = (event.target as HTMLTextAreaElement).value;
            this.replyInvalid = false;
          }}
          aria-describedby=${describedBy}
          aria-invalid=${this.replyInvalid ? 'true' : 'false'}
        ></textarea>
      </div>
      <p class="note" role="status">${this.replyNote ? this.t(this.replyNote) : nothing}</p>
      <div class="actions">
        <button type="submit">
          ${this.t(this.replyKind === 'update' ? 'author.update.send' : 'author.reply.send')}
        </button>
      </div>
    </form>`;
  }

  /** Subject access: everything held about the story, as a file, whatever state the story is in. */
  private renderDownload(): TemplateResult {
    return html`<div class="field">
      <p class="hint" id="download-hint">${this.t('author.download.hint')}</p>
      <div class="actions">
        <button
          class="quiet"
          part="download-button"
          type="button"
          aria-describedby="download-hint"
          @click=${this.downloadPersonalData}
        >
          ${this.t('author.download')}
        </button>
      </div>
    </div>`;
  }

  private async downloadPersonalData(): Promise<void> {
    const access = this.access();
    if (!access) return;
    try {
      const data = await readPersonalData(this.client(), access);
      saveFile(
        this.renderRoot,
        `careloop-story-${access.story}.json`,
        JSON.stringify(data, null, 2),
        'application/json',
      );
    } catch {
      this.note = 'author.failed';
    }
  }

  /** Deleting the story and the author's details, from any state, after saying what that means. */
  private renderErase(): TemplateResult {
    return this.confirmingErase
      ? html`<div class="field" role="group" aria-labelledby="confirm-erase">
          <p id="confirm-erase" tabindex="-1"><strong>${this.t('author.erase.confirm')}</strong></p>
          <div class="actions">
            <button type="button" @click=${this.erase}>${this.t('author.erase.yes')}</button>
            <button class="quiet" type="button" @click=${this.keepDetails}>
              ${this.t('author.erase.no')}
            </button>
          </div>
        </div>`
      : html`<div class="actions">
          <button id="erase" class="quiet" part="erase-button" type="button" @click=${this.askToErase}>
            ${this.t('author.erase')}
          </button>
        </div>`;
  }

  private renderWithdraw(): TemplateResult {
    return this.confirming
      ? html`<div class="field" role="group" aria-labelledby="confirm">
          <p id="confirm" tabindex="-1"><strong>${this.t('author.withdraw.confirm')}</strong></p>
          <div class="actions">
            <button type="button" @click=${this.withdraw}>${this.t('author.withdraw.yes')}</button>
            <button class="quiet" type="button" @click=${this.keepStory}>
              ${this.t('author.withdraw.no')}
            </button>
          </div>
        </div>`
      : html`<div class="actions">
          <button
            id="withdraw"
            class="quiet"
            part="withdraw-button"
            type="button"
            @click=${this.askToWithdraw}
          >
            ${this.t('author.withdraw')}
          </button>
        </div>`;
  }
}
