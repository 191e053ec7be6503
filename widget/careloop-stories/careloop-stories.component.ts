import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CareloopClient, ProblemError, resolveServiceBase } from '../api/client.js';
import {
  getService,
  getStory,
  listStories,
  subscribeByEmail,
  type PublicStory,
  type ServiceDetail,
  type StoryDetail,
  type StoryFilters,
} from '../api/stories.js';
import { sendSignal, signalledItems, type SignalKind } from '../api/signals.js';
import { LocaleController, widgetCatalogues, type MessageKey, type MessageValues } from '../l10n/index.js';
import { emit } from '../shared/events.js';
import { listFragment, pageUrl, routeOf, type Route } from '../shared/links.js';
import { dateLocale } from '../shared/dates.js';
import { base, tokens } from '../shared/styles.js';
import { nextTask } from '../shared/tasks.js';
import { languageOf } from '../l10n/index.js';
import { careloopStoriesStyles } from './careloop-stories.styles.js';
import { filtersDisclosure } from './filters.js';
import { followSection, type EmailStatus } from './follow.js';
import { counted, storyCard, storyDetail, type Words } from './templates.js';
import { withSignalCount } from './signals.js';

/** Where the widget stands with the service. */
export type ConnectionState = 'checking' | 'connected' | 'unavailable';

export interface CareloopStatusDetail {
  state: Exclude<ConnectionState, 'checking'>;
}

export interface CareloopStoryOpenDetail {
  id: string;
}

/** What went wrong loading something: the service is down, refuses this site, or has no such thing. */
type Failure = 'unavailable' | 'forbidden' | 'missing';
type Load = 'idle' | 'loading' | 'ready' | Failure;
type AdminState = 'closed' | 'loading' | 'open' | 'failed';

/**
 * Stories rendered in one task: a page of stories is shown a few at a time, each few in a task of its
 * own, so that rendering them never blocks the host page for 50 ms on a slow phone.
 */
const STORIES_PER_TASK = 5;

/** The failure a rejected request means to a reader. */
function failureOf(error: unknown): Failure {
  if (error instanceof ProblemError) return error.status === 403 ? 'forbidden' : 'missing';
  return 'unavailable';
}

/**
 * Patient stories from careloop for one health board or service, embedded on the board's own site:
 * the stories with search and filters, each story with its thread, ways to follow them, the "tell your
 * story" form, the author's private view, and a staff sign-in that loads admin mode on demand.
 *
 * A story's address on the host page is `#careloop-story=<id>`; the author's private link is
 * `#careloop-author=<storyId>.<authorKey>`. Back and forward work between them.
 *
 * @summary A board's careloop stories, their responses, and the form to tell one.
 *
 * @fires careloop-status - Stories were (or could not be) loaded; `detail.state` is `connected` or `unavailable`.
 * @fires careloop-story-open - A story's page was shown; `detail.id` is its id.
 *
 * @csspart panel - The box the widget draws around its content.
 * @csspart status - The status line, announced to screen readers as it changes.
 * @csspart story - Each story in the list and the opened story.
 * @csspart retry-button - The button that tries loading again.
 * @csspart staff-sign-in - The quiet "Staff sign in" link-button at the foot.
 *
 * @cssprop --careloop-font-family - Font of the widget; inherits the host page's by default.
 * @cssprop --careloop-color-text - Main text colour (#212b32).
 * @cssprop --careloop-color-text-muted - Secondary text: dates, labels, "No response yet" (#4c6272).
 * @cssprop --careloop-color-surface - Background of the panel and the story cards (#ffffff).
 * @cssprop --careloop-color-surface-subtle - Background of the filters, "Who is listening" and the author's replies (#f0f4f5).
 * @cssprop --careloop-color-border - Borders of cards and tags, and rules (#aeb7bd).
 * @cssprop --careloop-color-accent - Buttons, and the bar and tint that make staff responses stand out (#005eb8).
 * @cssprop --careloop-color-accent-text - Text on buttons (#ffffff).
 * @cssprop --careloop-color-link - Links: story titles, "Filter stories", "Staff sign in" (#005eb8).
 * @cssprop --careloop-color-success - "Change made" tags and "What was good" tags (#007f3b).
 * @cssprop --careloop-color-warning - "Change planned" tags and "What could be improved" tags (#a35200).
 * @cssprop --careloop-color-error - Error messages (#c2001b).
 * @cssprop --careloop-color-focus - Focus ring colour (#ffb81c).
 * @cssprop --careloop-radius - Corner radius (4px).
 * @cssprop --careloop-space - Base spacing unit (1rem).
 * @cssprop --careloop-min-height - Room held until the first stories arrive, so the host page does not shift (one screen by default); given back once they are there.
 */
export class CareloopStories extends LitElement {
  static override styles = [tokens, base, careloopStoriesStyles];

  /** The board or service whose stories to show (it and everything below it), as its careloop id (e.g. `nhs-highland`). */
  @property({ reflect: true }) service = '';

  /** Base URL of the careloop service; defaults to the origin that served the widget script. */
  @property() api = '';

  /** Stories per page (1–50). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 10;

  /** Hide the search box and filters. */
  @property({ type: Boolean, attribute: 'no-search' }) noSearch = false;

  /** Hide the "tell your story" form. */
  @property({ type: Boolean, attribute: 'no-form' }) noForm = false;

  /** `admin` opens staff and moderator sign-in straight away (the admin chunk is loaded); `public` by default. */
  @property() mode: 'public' | 'admin' = 'public';

  @state() private route: Route = routeOf(location.hash);
  @state() private listLoad: Load = 'idle';
  @state() private moreLoading = false;
  @state() private moreFailed = false;
  @state() private stories: PublicStory[] = [];
  /** How many of `stories` are rendered yet (see STORIES_PER_TASK). */
  @state() private storiesShown = 0;
  @state() private next: string | null = null;
  /** How many stories match in all, as the first page said. */
  @state() private total?: number;
  /** More stories match a word search than the service counted (`total` is then where it stopped). */
  @state() private totalCapped = false;
  /** The "Filter stories" disclosure: open on a wide screen, closed on a phone so the stories come first. */
  @state() private filtersOpen = matchMedia('(min-width: 40em)').matches;
  @state() private filters: StoryFilters = {};
  @state() private tags: string[] = [];
  @state() private serviceDetail?: ServiceDetail;
  @state() private storyLoad: Load = 'idle';
  @state() private story?: StoryDetail;
  @state() private admin: AdminState = 'closed';
  @state() private emailStatus: EmailStatus = '';
  @state() private signalStatus = '';
  /**
   * `kind:id` of what this browser signalled, so its buttons show pressed on every visit: read from
   * storage when a story is first opened, not while the element starts (a page's first storage read is slow).
   */
  private signalledSoFar?: Set<string>;
  private get signalled(): Set<string> {
    return (this.signalledSoFar ??= signalledItems());
  }

  private readonly l10n = new LocaleController(this, widgetCatalogues);
  /** Holds the `waiting` custom state, which keeps the room reserved from before the first render. */
  private readonly internals = this.attachInternals();
  private client!: CareloopClient;
  private listRequest?: AbortController;
  private storyRequest?: AbortController;
  private nearViewport = false;
  /** The story id the detail view was last loaded for. */
  private storyFor?: string;
  private viewportObserver?: IntersectionObserver;
  /** What to focus after the next render: the story heading, a story's link in the list, a slot. */
  private focusTarget?: string;
  private readonly followRoute = () => {
    const route = routeOf(location.hash);
    if (JSON.stringify(route) === JSON.stringify(this.route)) return;
    const from = this.route;
    this.route = route;
    this.focusTarget =
      route.view === 'story'
        ? '#story-title'
        : route.view === 'author'
          ? 'careloop-author'
          : from.view === 'story'
            ? `[data-story="${from.story}"]`
            : undefined;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.followRoute);
    addEventListener('popstate', this.followRoute);
    this.followRoute();
    // The form at the list's foot is a chunk of its own, fetched alongside the stories.
    if (!this.noForm) void import('../careloop-form/careloop-form.js');
    // Stories are fetched only when the widget comes near the viewport (a shared story link loads at once).
    this.viewportObserver = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.viewportObserver?.disconnect();
        this.nearViewport = true;
        this.requestUpdate();
      },
      { rootMargin: '400px' },
    );
    this.viewportObserver.observe(this);
    // Re-attached after a move in the DOM: what was abandoned on disconnect is fetched again.
    if (this.hasUpdated) this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.followRoute);
    removeEventListener('popstate', this.followRoute);
    this.viewportObserver?.disconnect();
    this.listRequest?.abort();
    this.storyRequest?.abort();
  }

  constructor() {
    super();
    this.internals.states?.add('waiting');
  }

  /**
   * The first render waits for a task of its own: the widget's script runs in the host page's
   * DOMContentLoaded task, which also lays the page out, and rendering there too made one long task of
   * the three. The room the widget needs is held meanwhile (`:host(:state(waiting))`).
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await nextTask();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.client || changed.has('api'))
      this.client = new CareloopClient(resolveServiceBase(this.api, this.ownerDocument));
    if (changed.has('api') || changed.has('service') || changed.has('pageSize')) {
      if (this.hasUpdated) this.reload();
    }
    if (changed.has('mode') && this.mode === 'admin') void this.openAdmin(false);
    if (this.admin !== 'closed') return;
    if (this.route.view === 'story' && this.storyFor !== this.route.story)
      void this.loadStory(this.route.story);
    if (this.route.view === 'list' && this.listLoad === 'idle' && this.nearViewport) void this.loadList();
  }

  protected override updated(): void {
    if (this.waitingForFirstPaint()) this.internals.states?.add('waiting');
    else this.internals.states?.delete('waiting');
    if (!this.focusTarget) return;
    const target = this.renderRoot.querySelector<HTMLElement>(this.focusTarget);
    if (target) {
      this.focusTarget = undefined;
      target.focus();
    }
  }

  /** Fetches the list (and the story being shown) again, e.g. after the service came back. */
  reload(): void {
    this.listLoad = 'idle';
    this.storyFor = undefined;
    this.nearViewport ||= this.route.view !== 'list';
    this.requestUpdate();
  }

  private async loadList(more = false): Promise<void> {
    this.listRequest?.abort();
    const request = new AbortController();
    this.listRequest = request;
    if (more) this.moreLoading = true;
    else this.listLoad = 'loading';
    this.moreFailed = false;
    const filters = { ...this.filters, service: this.filters.service || this.service || undefined };
    const limit = Math.min(50, Math.max(1, Math.floor(this.pageSize) || 10));
    try {
      const [page, serviceDetail] = await Promise.all([
        listStories(this.client, filters, limit, more ? (this.next ?? undefined) : undefined, request.signal),
        this.serviceDetail || !this.service ? this.serviceDetail : getService(this.client, this.service),
      ]);
      if (request.signal.aborted) return;
      const firstNew = page.items[0];
      this.storiesShown = more ? this.stories.length : 0;
      this.stories = more ? [...this.stories, ...page.items] : page.items;
      void this.showStoriesTaskByTask(this.stories);
      this.next = page.next;
      if (!more) {
        this.total = page.total;
        this.totalCapped = page.totalCapped === true;
      }
      this.serviceDetail = serviceDetail;
      this.tags = [
        ...new Set([...this.tags, ...page.items.flatMap((story) => Object.values(story.tags).flat())]),
      ].sort();
      this.listLoad = 'ready';
      // Load more: focus the first new story, so keyboard users carry on where the list grew.
      if (more && firstNew) this.focusTarget = `[data-story="${firstNew.id}"]`;
      emit<CareloopStatusDetail>(this, 'careloop-status', { state: 'connected' });
    } catch (error) {
      if (request.signal.aborted) return;
      this.listLoad = more ? 'ready' : failureOf(error);
      this.moreFailed = more;
      emit<CareloopStatusDetail>(this, 'careloop-status', { state: 'unavailable' });
    } finally {
      if (this.listRequest === request) this.moreLoading = false;
    }
  }

  /**
   * Renders `stories` STORIES_PER_TASK at a time, yielding between: the first few are on screen after
   * one short task, the rest follow in tasks of their own. Stops when a newer list replaces them.
   */
  private async showStoriesTaskByTask(stories: PublicStory[]): Promise<void> {
    this.storiesShown = Math.min(stories.length, this.storiesShown + STORIES_PER_TASK);
    while (this.storiesShown < stories.length) {
      await this.updateComplete;
      await nextTask();
      if (this.stories !== stories) return;
      this.storiesShown = Math.min(stories.length, this.storiesShown + STORIES_PER_TASK);
    }
  }

  private async loadStory(id: string): Promise<void> {
    this.storyRequest?.abort();
    const request = new AbortController();
    this.storyRequest = request;
    this.storyFor = id;
    this.storyLoad = 'loading';
    this.story = undefined;
    this.signalStatus = '';
    // "Follow stories about NHS Highland" names the board the widget follows, not the story's ward.
    if (!this.serviceDetail && this.service)
      getService(this.client, this.service).then(
        (detail) => (this.serviceDetail ??= detail),
        () => undefined,
      );
    try {
      const story = await getStory(this.client, id, request.signal);
      if (request.signal.aborted) return;
      this.story = story;
      this.storyLoad = 'ready';
      emit<CareloopStoryOpenDetail>(this, 'careloop-story-open', { id });
    } catch (error) {
      if (!request.signal.aborted) this.storyLoad = failureOf(error);
    }
  }

  /** Gives or takes back the reader's signal; the new count (or the failure) is announced. */
  private async toggleSignal(kind: SignalKind, id: string): Promise<void> {
    const key = `${kind}:${id}`;
    try {
      const { signalled, count } = await sendSignal(this.client, kind, id, !this.signalled.has(key));
      if (signalled) this.signalled.add(key);
      else this.signalled.delete(key);
      if (this.story) this.story = withSignalCount(this.story, kind, id, count);
      this.signalStatus = counted(kind === 'me-too' ? 'meTooCount' : 'helpfulCount', count, this.words());
    } catch {
      this.signalStatus = this.msg('signalFailed');
    }
  }

  /** Loads the admin chunk (only now: the public bundle never carries it) and shows `<careloop-admin>`. */
  private async openAdmin(moveFocus = true): Promise<void> {
    this.admin = 'loading';
    try {
      await import('../admin/index.js');
      this.admin = 'open';
      if (moveFocus) this.focusTarget = 'careloop-admin';
    } catch {
      this.admin = 'failed';
    }
  }

  private closeAdmin(): void {
    this.admin = 'closed';
    this.focusTarget = '.staff-sign-in';
  }

  private applyFilters(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.filters = {
      q: String(data.get('q') ?? '').trim(),
      tag: String(data.get('tag') ?? ''),
      service: String(data.get('service') ?? ''),
      responded: String(data.get('responded') ?? '') as StoryFilters['responded'],
    };
    void this.loadList();
  }

  private async subscribe(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem('email') as HTMLInputElement;
    if (!input.checkValidity()) {
      this.emailStatus = 'invalid';
      input.focus();
      return;
    }
    this.emailStatus = 'sending';
    try {
      await subscribeByEmail(this.client, input.value.trim(), this.service, this.l10n.locale);
      this.emailStatus = 'sent';
      form.reset();
    } catch (error) {
      this.emailStatus = error instanceof ProblemError && error.status === 400 ? 'invalid' : 'failed';
      if (this.emailStatus === 'invalid') input.focus();
    }
  }

  /** Words in the element's language, or none while that language's catalogue is on its way. */
  private readonly msg = (key: MessageKey, values?: MessageValues): string =>
    this.l10n.ready ? this.l10n.msg(key, values) : '';

  private words(): Words {
    return { msg: this.msg, locale: dateLocale(this.l10n.locale, languageOf(this)) };
  }

  protected override render() {
    return html`
      <section
        class="panel"
        part="panel"
        aria-label=${this.msg('widgetLabel')}
        lang=${this.l10n.locale}
        data-waiting=${this.waitingForFirstPaint()}
      >
        ${
          this.admin === 'open'
            ? html`<careloop-admin
                closable
                service=${this.service}
                api=${this.client.base}
                @careloop-admin-close=${this.closeAdmin}
              ></careloop-admin>`
            : this.renderPublic()
        }
      </section>
    `;
  }

  /**
   * True until the first stories (or the story a link names) arrive: only then does the panel hold a
   * screen's height, so what follows on the host page stays put while it loads and no view afterwards
   * is a screen-tall empty box.
   */
  private waitingForFirstPaint(): boolean {
    if (this.admin === 'open') return false;
    const load =
      this.route.view === 'list' ? this.listLoad : this.route.view === 'story' ? this.storyLoad : 'ready';
    return load === 'idle' || load === 'loading';
  }

  private renderPublic() {
    const { route } = this;
    return html`
      ${
        route.view === 'list'
          ? nothing
          : html`<div class="top">
              <a class="back" href=${pageUrl(listFragment)}>${this.msg('allStories')}</a>
            </div>`
      }
      ${
        route.view === 'list'
          ? this.renderList()
          : route.view === 'story'
            ? this.renderStory()
            : html`<careloop-author
                story=${route.story}
                author-key=${route.authorKey}
                api=${this.client.base}
              ></careloop-author>`
      }
      ${
        // Only once there is something above it: appearing at the foot shifts nothing, moving down would.
        this.waitingForFirstPaint() ? nothing : this.renderStaffLink()
      }
    `;
  }

  /** A quiet way in for staff at the foot: patients meet the stories first, not a sign-in. */
  private renderStaffLink() {
    return html`<footer class="foot">
      <span role="status">${this.admin === 'failed' ? this.msg('unavailable') : ''}</span>
      <span class="staff-lead">${this.msg('staffLinkLead')}</span>
      <button
        class="link staff-sign-in"
        part="staff-sign-in"
        type="button"
        ?disabled=${this.admin === 'loading'}
        @click=${() => this.openAdmin()}
      >
        ${this.msg('staffSignIn')}
      </button>
    </footer>`;
  }

  private renderStatus(load: Load, retry: () => void, empty = '') {
    const text =
      load === 'loading' || load === 'idle'
        ? this.msg('loadingStories')
        : load === 'ready'
          ? empty
          : this.msg(
              load === 'unavailable' ? 'unavailable' : load === 'forbidden' ? 'forbidden' : 'notFound',
            );
    return html`<div class="status-bar">
      <p class="status" part="status" data-state=${load} role="status" aria-live="polite" tabindex="-1">
        ${text}
      </p>
      ${
        load === 'unavailable' && this.l10n.ready
          ? html`<button class="retry" type="button" part="retry-button" @click=${retry}>
              ${this.msg('retry')}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderList() {
    const { msg, stories, listLoad, filters } = this;
    const filtered = Boolean(filters.q || filters.tag || filters.service || filters.responded);
    const words = this.words();
    const { total } = this;
    const status =
      listLoad !== 'ready'
        ? ''
        : stories.length === 0
          ? msg(filtered ? 'noMatches' : 'noStories')
          : total !== undefined && this.totalCapped
            ? counted('storiesOfMore', total, words, { shown: stories.length })
            : total !== undefined && total > stories.length
              ? counted('storiesOfTotal', total, words, { shown: stories.length })
              : counted('storiesShown', stories.length, words);
    return html`
      ${
        this.noSearch
          ? nothing
          : filtersDisclosure({
              words,
              filters,
              tags: this.tags,
              service: this.service,
              serviceDetail: this.serviceDetail,
              open: this.filtersOpen,
              toggled: (open) => (this.filtersOpen = open),
              apply: (event) => this.applyFilters(event),
            })
      }
      ${this.renderStatus(
        listLoad,
        () => {
          this.focusTarget = '.status';
          this.reload();
        },
        status,
      )}
      ${
        listLoad === 'ready' && stories.length > 0
          ? html`<ul class="stories" aria-busy=${this.moreLoading || this.storiesShown < stories.length}>
              ${stories.slice(0, this.storiesShown).map((story) => html`<li>${storyCard(story, words)}</li>`)}
            </ul>`
          : nothing
      }
      ${
        listLoad === 'ready' && this.next
          ? html`<button
              class="quiet more"
              type="button"
              ?disabled=${this.moreLoading}
              @click=${() => this.loadList(true)}
            >
              ${msg(this.moreLoading ? 'loadingStories' : 'loadMore')}
            </button>`
          : nothing
      }
      <p role="status" class="more-status">${this.moreFailed ? msg('unavailable') : ''}</p>
      ${listLoad === 'ready' ? this.renderFollow() : nothing}
      ${
        // A site the board does not allow cannot send a story either: never let a patient write one.
        this.noForm || listLoad === 'forbidden'
          ? nothing
          : html`<careloop-form service=${this.service} api=${this.client.base}></careloop-form>`
      }
    `;
  }

  private renderStory() {
    const { story, storyLoad } = this;
    return storyLoad === 'ready' && story
      ? html`${storyDetail(story, this.words(), {
          pressed: (kind, id) => this.signalled.has(`${kind}:${id}`),
          toggle: (kind, id) => void this.toggleSignal(kind, id),
          status: this.signalStatus,
        })}${this.renderFollow()}`
      : this.renderStatus(storyLoad, () => {
          this.focusTarget = '.status';
          this.reload();
        });
  }

  private renderFollow() {
    if (!this.service) return nothing;
    return followSection({
      words: this.words(),
      client: this.client,
      service: this.service,
      name: this.serviceDetail?.name ?? this.story?.services[0]?.name ?? '',
      emailStatus: this.emailStatus,
      subscribe: (event) => void this.subscribe(event),
    });
  }
}
