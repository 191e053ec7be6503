import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  emailedAuthorAccess,
  readOwnStory,
  sendReply,
  withdrawStory,
  type AuthorAccess,
  type AuthorStory,
} from '../api/author.js';
import { CareloopClient, ProblemError, resolveServiceBase } from '../api/client.js';
import { newIdempotencyKey } from '../api/submission.js';
import { careloopFormStyles } from '../careloop-form/careloop-form.styles.js';
import { careloopStoriesStyles } from '../careloop-stories/careloop-stories.styles.js';
import { storyDetail } from '../careloop-stories/templates.js';
import { LocaleController, type MessageKey } from '../l10n/index.js';
import { formatDate } from '../shared/dates.js';
import { emit } from '../shared/events.js';
import { routeOf } from '../shared/links.js';

/**
 * Author mode, opened from the author's private link: their story's status (with the moderator's
 * message when held or rejected), the responses, their replies and where each is in moderation, a
 * reply box, and withdrawing the story after a confirmation step.
 *
 * Give it `story` and `author-key`; without them it reads the page's fragment
 * (`#careloop-author=<id>.<key>`, or the emailed `#careloop-story=<id>&careloop-author-key=<key>`).
 *
 * @summary The author's own view of their story: status, replies, withdraw.
 *
 * @fires careloop-story-withdrawn - The author withdrew the story; `detail.id` is its id.
 *
 * @csspart panel - The box around author mode.
 * @csspart withdraw-button - The button that starts withdrawing the story.
 *
 * @cssprop --careloop-color-text - Main text colour.
 * @cssprop --careloop-color-text-muted - Dates and hints.
 * @cssprop --careloop-color-surface - Background.
 * @cssprop --careloop-color-accent - Buttons.
 * @cssprop --careloop-color-error - Error messages.
 * @cssprop --careloop-radius - Corner radius.
 * @cssprop --careloop-space - Base spacing unit.
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
  @state() private note: MessageKey | '' = '';
  @state() private reply = '';
  @state() private replyNote: MessageKey | '' = '';
  @state() private replyInvalid = false;

  private readonly l10n = new LocaleController(this);
  private focusId = '';
  private busy = false;
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
      this.problem = [401, 403, 404].includes(status) ? 'author.notFound' : 'unavailable';
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
      await sendReply(this.client(), access, body, this.replyKey);
      this.reply = '';
      this.replyKey = '';
      this.replyNote = 'author.reply.sent';
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

  private readonly t = (key: MessageKey, values: Record<string, string | number> = {}): string =>
    this.l10n.msg(key).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

  protected override render() {
    const story = this.loaded;
    return html`<section class="panel" part="panel" aria-labelledby="heading" lang=${this.l10n.locale}>
      <h2 id="heading">${this.t('author.label')}</h2>
      ${
        story
          ? this.renderStory(story)
          : html`<p role="status">${this.t(this.problem || 'author.loading')}</p>
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
    return html`<p id="status" tabindex="-1" role="status">
        <strong>${this.t('author.status')}</strong> ${this.t(`author.status.${story.status}`)}
        ${this.note ? html`<br />${this.t(this.note)}` : nothing}
      </p>
      ${
        story.statusReason && !published
          ? html`<p><strong>${this.t('author.reason')}</strong></p>
              <p class="body">${story.statusReason}</p>`
          : nothing
      }
      ${
        published
          ? storyDetail(story, { msg: this.t, locale: this.l10n.locale })
          : html`<h3>${story.title}</h3>
              <p class="body">${story.body}</p>`
      }
      ${
        waiting.length
          ? html`<h3>${this.t('author.replies')}</h3>
              <ul class="plain">
                ${waiting.map(
                  (reply) =>
                    html`<li>
                      <p class="meta">
                        ${formatDate(reply.submittedAt, this.l10n.locale)} ·
                        ${this.t(`author.status.${reply.status}`)}${reply.statusReason ? `: ${reply.statusReason}` : ''}
                      </p>
                      <p class="body">${reply.body}</p>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      ${published ? this.renderReplyForm() : nothing}
      ${story.status === 'withdrawn' ? nothing : this.renderWithdraw()}`;
  }

  private renderReplyForm(): TemplateResult {
    const describedBy = this.replyInvalid ? 'reply-hint reply-error' : 'reply-hint';
    return html`<form novalidate @submit=${this.sendReply}>
      <div class="field">
        <label for="reply">${this.t('author.reply')}</label>
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
      <div class="actions"><button type="submit">${this.t('author.reply.send')}</button></div>
    </form>`;
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
