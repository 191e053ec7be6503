import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CareloopClient, ProblemError, resolveServiceBase, ServiceBusyError } from '../api/client.js';
import {
  authorRoles,
  demographicAnswers,
  describeService,
  newIdempotencyKey,
  searchServices,
  submitStory,
  type ServiceChoice,
  type StoryReceipt,
} from '../api/submission.js';
import { LocaleController, widgetCatalogues, type MessageKey } from '../l10n/index.js';
import { emit } from '../shared/events.js';
import { nextTask } from '../shared/tasks.js';
import { careloopFormStyles } from './careloop-form.styles.js';
import {
  checkStep,
  emptyDraft,
  focusTarget,
  happenedInOf,
  demographicsOf,
  problemsOf,
  steps,
  tagGroups,
  tagsOf,
  type Draft,
  type Field,
  type TagGroup,
} from './draft.js';
import {
  aboutYou,
  checkAnswers,
  receiptPanel,
  servicesStep,
  tagsStep,
  whatHappened,
  type FormView,
} from './templates.js';

/**
 * A friendly multi-step form for telling careloop a story about one board's services: what happened,
 * which services, how it was (tags), and about the author, then every answer to check before sending.
 * Errors are summed up at the top of a step (GOV.UK's error summary) and shown by each field. The draft
 * is kept in the browser as it is typed; after sending, the author gets their private link, told
 * plainly whether it was emailed, and what happens next.
 *
 * @summary "Tell your story": a multi-step form that sends a story for moderation.
 *
 * @fires careloop-story-submitted - The story was received; `detail.id` is its id (the author key stays in the form).
 *
 * @csspart panel - The box around the form.
 * @csspart submit-button - The Next / Send button.
 * @csspart private-link - The box showing the author's private link after sending.
 *
 * @cssprop --careloop-font-family - Font; inherits the host page's by default.
 * @cssprop --careloop-color-text - Main text colour.
 * @cssprop --careloop-color-text-muted - Hints and secondary text.
 * @cssprop --careloop-color-surface - Background.
 * @cssprop --careloop-color-border - Borders.
 * @cssprop --careloop-color-accent - Buttons.
 * @cssprop --careloop-color-accent-text - Text on buttons.
 * @cssprop --careloop-color-error - Validation messages and invalid fields.
 * @cssprop --careloop-color-focus - Focus ring.
 * @cssprop --careloop-radius - Corner radius.
 * @cssprop --careloop-space - Base spacing unit.
 * @cssprop --careloop-scroll-margin-top - Room kept above a step's heading or the error summary when it takes focus (e.g. under a sticky site header).
 */
export class CareloopForm extends LitElement {
  static override styles = careloopFormStyles;

  /** The board or service the form is for (its careloop id, e.g. `nhs-highland`): the services offered are it and those below it. */
  @property({ reflect: true }) service = '';

  /** Base URL of the careloop service; defaults to the origin that served the widget script. */
  @property() api = '';

  @state() private draft = emptyDraft();
  @state() private errors: Partial<Record<Field, MessageKey>> = {};
  @state() private note: MessageKey | '' = '';
  @state() private receipt?: StoryReceipt & { emailed: boolean };
  @state() private query = '';
  @state() private found?: ServiceChoice[];
  @state() private offered: ServiceChoice[] = [];
  @state() private copied: MessageKey | '' = '';
  /** careloop refuses this site for the service (not on the board's allowlist): no story can be sent. */
  @state() private refused = false;
  /** The page's fragment is a private link: on a page of its own, the form shows author mode instead. */
  @state() private authorView = false;
  /** The author came back from "check your answers" to change something: Next takes them back there. */
  @state() private reviewing = false;

  private readonly l10n = new LocaleController(this, widgetCatalogues);
  private busy = false;
  private focusId = '';
  private searchTimer = 0;
  private offerTimer = 0;
  /** Which services are known to be inside `service`'s subtree, so a search asks about each once. */
  private inside = new Map<string, boolean>();

  private readonly followHash = () => {
    // `#careloop-author=<id>.<key>`, or the emailed `#careloop-story=<id>&careloop-author-key=<key>`.
    this.authorView = location.hash.includes('careloop-author');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.followHash();
    addEventListener('hashchange', this.followHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.followHash);
    clearTimeout(this.offerTimer);
  }

  private get storageKey(): string {
    return `careloop-draft:${this.service}`;
  }

  private client(): CareloopClient {
    return new CareloopClient(resolveServiceBase(this.api, this.ownerDocument));
  }

  /**
   * The first render waits for a task of its own rather than following the form's chunk being run in
   * the same one: together they made a long task on a slow phone.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await nextTask();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('service')) {
      this.restoreDraft();
      void this.offerServices();
    }
  }

  protected override updated(): void {
    if (!this.focusId) return;
    this.renderRoot.querySelector<HTMLElement>(`#${this.focusId}`)?.focus();
    this.focusId = '';
  }

  private restoreDraft(): void {
    let saved: Partial<Draft> | null = null;
    try {
      saved = JSON.parse(localStorage.getItem(this.storageKey) ?? 'null');
    } catch {
      // Storage is blocked or the draft is unreadable: start afresh.
    }
    this.draft = { ...emptyDraft(), ...saved };
    this.note = saved ? 'form.restored' : '';
  }

  private saveDraft(): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.draft));
    } catch {
      // Storage is blocked or full: the form still works, the draft just does not survive a reload.
    }
  }

  /** The first choices: the element's service and its children, while nothing is searched for. */
  private async offerServices(): Promise<void> {
    this.inside = new Map();
    clearTimeout(this.offerTimer);
    if (!this.service) return;
    try {
      const detail = await describeService(this.client(), this.service);
      this.inside.set(detail.id, true);
      for (const child of detail.children) this.inside.set(child.id, true);
      this.offered = [detail, ...detail.children].filter((service) => !service.retired);
      this.refused = false;
      if (this.note === 'busy') this.note = '';
    } catch (error) {
      this.offered = [];
      this.refused = error instanceof ProblemError && error.status === 403;
      if (error instanceof ServiceBusyError) {
        // Shed by a busy service: say so, and ask again once it has had the time it asked for.
        this.note = 'busy';
        this.offerTimer = window.setTimeout(() => void this.offerServices(), error.retryAfterMs);
      }
    }
  }

  private searchSoon(): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(() => void this.search(), 300);
  }

  private async search(): Promise<void> {
    const q = this.query.trim();
    if (!q) {
      this.found = undefined;
      return;
    }
    try {
      const found = await searchServices(this.client(), q, this.service, this.inside);
      if (q === this.query.trim()) this.found = found;
    } catch (error) {
      this.note = error instanceof ServiceBusyError ? 'busy' : 'form.err.offline';
    }
  }

  /**
   * Shows `errors` (if any) on the step of the first, each by its field and all in the summary at the
   * top of the step, which takes focus (GOV.UK's error summary).
   */
  private showErrors(errors: Partial<Record<Field, MessageKey>>): boolean {
    this.errors = errors;
    const first = steps.flat().find((field) => errors[field]);
    if (!first) return false;
    this.draft = { ...this.draft, step: steps.findIndex((fields) => fields.includes(first)) };
    this.focusId = 'errors';
    return true;
  }

  /** Focuses a field named in the error summary, as its link would, without changing the page's address. */
  private focusField(event: Event, id: string): void {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  private edit(event: Event): void {
    const { name, value, checked, type } = event.target as HTMLInputElement;
    if (name === 'q') {
      this.query = value;
      this.searchSoon();
      return;
    }
    const draft: Record<string, unknown> = { ...this.draft };
    const list = (current: unknown[], item: unknown, key: (item: never) => unknown = (x) => x) =>
      checked ? [...current, item] : current.filter((x) => key(x as never) !== key(item as never));
    if (name === 'service') {
      const choice = [...(this.found ?? []), ...this.offered, ...this.draft.services].find(
        (s) => s.id === value,
      );
      draft.services = list(this.draft.services, choice, (s: ServiceChoice) => s.id);
    } else if (tagGroups.includes(name as TagGroup)) {
      draft[name] = list(this.draft[name as TagGroup], value);
    } else {
      draft[name] = type === 'checkbox' ? checked : value;
    }
    this.draft = draft as unknown as Draft;
    const field = (
      name === 'service'
        ? 'services'
        : /More$|^(good|improve|feelings)$/.test(name)
          ? 'tags'
          : name.startsWith('happened')
            ? 'happenedIn'
            : name in demographicAnswers
              ? 'demographics'
              : name
    ) as Field;
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    this.saveDraft();
  }

  private async submitStep(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    // Enter in the service search searches; it does not move on.
    if ((this.renderRoot as ShadowRoot).activeElement?.id === 'q') return void this.search();
    const step = this.draft.step;
    if (step < checkStep) {
      const errors = problemsOf(this.draft);
      const here = Object.fromEntries(
        steps[step].flatMap((field) => (errors[field] ? [[field, errors[field]]] : [])),
      );
      if (this.showErrors(here)) return;
      this.goTo(this.reviewing ? checkStep : step + 1);
      return;
    }
    await this.send();
  }

  /** Shows `step`; focus goes to its heading, or to `focusId` (the answer being changed). */
  private goTo(step: number, focusId = 'step'): void {
    this.draft = { ...this.draft, step };
    this.reviewing &&= step !== checkStep;
    this.note = '';
    this.errors = {};
    this.focusId = focusId;
    this.saveDraft();
  }

  /** From "check your answers" back to the step with `field`, to come straight back after. */
  private change(field: Field, focusId: string = focusTarget[field] ?? field): void {
    this.goTo(
      steps.findIndex((fields) => fields.includes(field)),
      focusId,
    );
    this.reviewing = true;
  }

  /** Sends the story (again, after a failure, with the same Idempotency-Key). */
  async send(rekeyed = false): Promise<void> {
    if (this.showErrors(problemsOf(this.draft))) return;
    const draft = this.draft;
    draft.key ??= newIdempotencyKey();
    this.saveDraft();
    this.busy = true;
    this.note = 'form.sending';
    try {
      const email = draft.email.trim();
      const postcode = draft.postcode.trim();
      const happenedIn = happenedInOf(draft);
      const receipt = await submitStory(
        this.client(),
        {
          title: draft.title.trim(),
          body: draft.body.trim(),
          nickname: draft.nickname.trim(),
          authorRole: draft.authorRole as (typeof authorRoles)[number],
          services: draft.services.map((service) => service.id),
          tags: {
            good: tagsOf(this.draft, 'good'),
            improve: tagsOf(this.draft, 'improve'),
            feelings: tagsOf(this.draft, 'feelings'),
          },
          ...(email ? { email } : {}),
          ...(postcode ? { postcode } : {}),
          ...(happenedIn ? { happenedIn } : {}),
          demographics: demographicsOf(draft),
          language: this.l10n.locale,
          consent: true,
        },
        draft.key,
      );
      try {
        localStorage.removeItem(this.storageKey);
      } catch {
        // Nothing was kept.
      }
      this.receipt = { ...receipt, emailed: !!email };
      this.note = '';
      this.focusId = 'done';
      emit(this, 'careloop-story-submitted', { id: receipt.id });
    } catch (error) {
      const status = error instanceof ProblemError ? error.status : 0;
      if (status === 422 && !rekeyed) {
        // The key went with an earlier, different version of this story: this version needs its own.
        draft.key = undefined;
        this.busy = false;
        return this.send(true);
      }
      const named: Partial<Record<Field, MessageKey>> = {};
      for (const { field } of (error instanceof ProblemError && error.problem.errors) || []) {
        const name = field.split(/[./]/).find(Boolean) as Field;
        if (steps.flat().includes(name))
          named[name] = name === 'email' ? 'emailInvalid' : (`form.err.${name}` as MessageKey);
      }
      this.showErrors(named);
      this.note =
        status === 400
          ? 'form.err.fix'
          : status === 409
            ? 'form.err.busy'
            : status === 429
              ? 'form.err.tooMany'
              : status === 403
                ? 'form.err.refused'
                : 'form.err.offline';
    } finally {
      this.busy = false;
    }
  }

  private async copyLink(): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#link');
    try {
      await navigator.clipboard.writeText(input?.value ?? '');
      this.copied = 'form.copied';
    } catch {
      input?.select();
      this.copied = 'form.copyFailed';
    }
  }

  private t(key: MessageKey, n = 0, of = 0): string {
    return this.l10n.msg(key, { n, of });
  }

  /** What the templates (templates.ts) read of the form, and what they may ask of it. */
  private view(): FormView {
    return {
      t: (key, n, of) => this.t(key, n, of),
      draft: this.draft,
      errors: this.errors,
      query: this.query,
      found: this.found,
      offered: this.offered,
      copied: this.copied,
      change: (field, focusId) => this.change(field, focusId),
      copyLink: () => void this.copyLink(),
    };
  }

  protected override render() {
    if (this.authorView) return html`<careloop-author api=${this.api}></careloop-author>`;
    return html`<section class="panel" part="panel" aria-labelledby="heading" lang=${this.l10n.locale}>
      <h2 id="heading">${this.t('form.label')}</h2>
      ${
        this.refused
          ? html`<p class="note" role="alert">${this.t('form.err.refused')}</p>`
          : this.receipt
            ? receiptPanel(this.receipt, this.view())
            : this.renderForm()
      }
    </section>`;
  }

  private renderForm(): TemplateResult {
    const step = Math.min(this.draft.step, checkStep);
    const checking = step === checkStep;
    return html`<form novalidate @submit=${this.submitStep} @input=${this.edit}>
      ${step === 0 ? html`<p class="muted">${this.t('form.intro')}</p>` : nothing}
      ${this.renderErrorSummary(step)}
      <h3 id="step" tabindex="-1">
        ${
          checking
            ? this.t('form.check')
            : html`<span class="muted">${this.t('form.step', step + 1, steps.length)}</span>
                ${this.t(`form.step${step + 1}` as MessageKey)}`
        }
      </h3>
      ${[whatHappened, servicesStep, tagsStep, aboutYou, checkAnswers][step](this.view())}
      <p class="note" role="status">${this.note ? this.t(this.note) : nothing}</p>
      <div class="actions">
        <button part="submit-button" type="submit">${this.t(checking ? 'form.send' : 'form.next')}</button>
        ${step > 0 ? html`<button class="quiet" type="button" @click=${() => this.goTo(step - 1)}>${this.t('form.back')}</button>` : nothing}
      </div>
    </form>`;
  }

  /** GOV.UK's error summary: every problem on this step, each a link to its field. */
  private renderErrorSummary(step: number): TemplateResult | typeof nothing {
    const wrong = (steps[step] ?? []).filter((field) => this.errors[field]);
    if (!wrong.length) return nothing;
    return html`<div class="error-summary" id="errors" tabindex="-1" aria-labelledby="errors-title">
      <h3 id="errors-title">${this.t('form.errors')}</h3>
      <ul>
        ${wrong.map((field) => {
          const id = focusTarget[field] ?? field;
          return html`<li>
            <a href="#${id}" @click=${(event: Event) => this.focusField(event, id)}
              >${this.t(this.errors[field]!)}</a
            >
          </li>`;
        })}
      </ul>
    </div>`;
  }
}
