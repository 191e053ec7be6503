import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiAnswer, ApiRequestBody } from '../../api/answers.js';
import { newIdempotencyKey } from '../../api/submission.js';
import { AdminView } from '../admin-view.js';
import type { AdminKey } from '../l10n/index.js';
import { consentLabels, toldViaLabels } from '../told-labels.js';
import '../careloop-admin-service-search/careloop-admin-service-search.js';
import type { CareloopServiceChosenDetail } from '../careloop-admin-service-search/careloop-admin-service-search.js';

type Told = ApiRequestBody<'/stories/on-behalf', 'post'>;
type Entered = ApiAnswer<'/stories/on-behalf', 'post', 201>;

/** Who is telling it, as the author would have said on the form (staff entering it are not the teller). */
const tellers: Array<[Told['authorRole'], AdminKey]> = [
  ['patient', 'tellerPatient'],
  ['carer', 'tellerCarer'],
  ['parent-guardian', 'tellerParentGuardian'],
  ['relative', 'tellerRelative'],
  ['friend', 'tellerFriend'],
];

/** The form's fields, by the name the service gives them in a problem's `errors`. */
type Field = 'services' | 'title' | 'body' | 'nickname' | 'authorRole' | 'email' | 'onBehalf';

/**
 * Entering a story for its author, from a paper form, a phone call, a kiosk or in person, with how they
 * agreed to it. It goes to the moderators like any other; the author's private link goes to their email
 * (if they gave one), never to the person entering it.
 *
 * @summary Enter a story on a patient's or carer's behalf (staff, moderators, admins).
 */
export class CareloopAdminOnBehalf extends AdminView {
  @state() private service?: CareloopServiceChosenDetail;
  @state() private entered?: Entered;
  /** The same on every retry of one filled-in form, so a double click or a retry files it once. */
  private attemptKey = newIdempotencyKey();

  private async enter(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    // What is left empty is left out, so the service says "fill this in" rather than "too short".
    const optional = (name: string) => (field(name) ? { [name]: field(name) } : {});
    const body = {
      ...optional('title'),
      ...optional('body'),
      ...optional('nickname'),
      ...optional('email'),
      authorRole: field('authorRole'),
      services: this.service ? [this.service.id] : [],
      onBehalf: { via: field('via'), consent: field('consent'), ...optional('consentNote') },
      language: this.l10n.locale,
    } as Told;
    const entered = await this.run(() =>
      this.api!.call<Entered>('POST', 'stories/on-behalf', body, undefined, this.attemptKey),
    );
    if (!entered) {
      const first = this.error?.fields[0]?.field.split('.')[0];
      if (first) void this.focusSoon(`#told-${first}`);
      return;
    }
    this.entered = entered;
    this.attemptKey = newIdempotencyKey();
    this.service = undefined;
    form.reset();
    this.say('toldEntered');
    void this.focusSoon('.status');
  }

  /** The service's words about one field, beside that field. */
  private errorsOf(field: Field) {
    const mine = (this.error?.fields ?? []).filter((error) => error.field.split('.')[0] === field);
    if (mine.length === 0) return nothing;
    return html`<p id="told-${field}-error" class="field-error">
      ${mine.map((error) => this.fieldError(error)).join(' ')}
    </p>`;
  }

  /** `aria-invalid` and `aria-describedby` for a field the service named. */
  private invalid(field: Field) {
    const named = (this.error?.fields ?? []).some((error) => error.field.split('.')[0] === field);
    return { invalid: named ? 'true' : 'false', describedBy: named ? `told-${field}-error` : nothing };
  }

  private text(field: Field, label: AdminKey, type = 'text', hint?: AdminKey) {
    const { invalid } = this.invalid(field);
    // The hint, then the service's words about the field once it named it.
    const describedBy = [hint ? `told-${field}-hint` : '', invalid === 'true' ? `told-${field}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<label for="told-${field}">${this.t(label)}</label>
      ${hint ? html`<p class="hint" id="told-${field}-hint">${this.t(hint)}</p>` : nothing}
      <input
        id="told-${field}"
        name=${field}
        type=${type}
        autocomplete="off"
        aria-invalid=${invalid}
        aria-describedby=${describedBy || nothing}
      />
      ${this.errorsOf(field)}`;
  }

  private radios(name: string, legend: AdminKey, labels: Record<string, AdminKey>) {
    return html`<fieldset>
      <legend>${this.t(legend)}</legend>
      ${Object.entries(labels).map(
        ([value, label], i) =>
          html`<label class="inline"
            ><input type="radio" name=${name} value=${value} ?checked=${i === 0} /> ${this.t(label)}</label
          >`,
      )}
    </fieldset>`;
  }

  protected override render() {
    if (!this.l10n.ready) return nothing;
    const body = this.invalid('body');
    return html`<h2 tabindex="-1">${this.t('toldHeading')}</h2>
      <p class="hint">${this.t('toldIntro')}</p>
      ${this.messages()}
      ${this.entered ? html`<p>${this.t('toldEnteredId', { id: this.entered.id })}</p>` : nothing}
      <form novalidate @submit=${this.enter}>
        ${this.radios('via', 'toldVia', toldViaLabels)}
        ${this.radios('consent', 'toldConsent', consentLabels)}
        <label for="told-consentNote">${this.t('toldConsentNote')}</label>
        <input id="told-consentNote" name="consentNote" type="text" maxlength="500" autocomplete="off" />
        <fieldset id="told-services" tabindex="-1" aria-describedby=${this.invalid('services').describedBy}>
          <legend>${this.t('toldService')}</legend>
          <careloop-admin-service-search
            .api=${this.api}
            @careloop-service-chosen=${(event: CustomEvent<CareloopServiceChosenDetail>) =>
              (this.service = event.detail)}
          ></careloop-admin-service-search>
          <p aria-live="polite">${this.service ? this.t('chosen', { name: this.service.name }) : nothing}</p>
          ${this.errorsOf('services')}
        </fieldset>
        ${this.text('title', 'title')}
        <label for="told-body">${this.t('toldBody')}</label>
        <textarea
          id="told-body"
          name="body"
          rows="8"
          aria-invalid=${body.invalid}
          aria-describedby=${body.describedBy}
        ></textarea>
        ${this.errorsOf('body')} ${this.text('nickname', 'toldNickname', 'text', 'toldNicknameHint')}
        <label for="told-authorRole">${this.t('toldTeller')}</label>
        <select id="told-authorRole" name="authorRole">
          ${tellers.map(([value, label]) => html`<option value=${value}>${this.t(label)}</option>`)}
        </select>
        ${this.text('email', 'toldEmail', 'email', 'toldEmailHint')}
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${this.t('toldSubmit')}</button>
        </div>
      </form>`;
  }
}
