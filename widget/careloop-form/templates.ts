/**
 * The story form's templates: each step's fields, "Check your answers" and the receipt. What the author
 * typed is always rendered as text, never as HTML.
 */
import { html, nothing, type TemplateResult } from 'lit';
import {
  authorRoles,
  demographicAnswers,
  demographicQuestions,
  type DemographicQuestion,
  type ServiceChoice,
  type StoryReceipt,
} from '../api/submission.js';
import type { MessageKey } from '../l10n/index.js';
import { authorUrl } from '../shared/links.js';
import { summaryList, type SummaryRow } from '../shared/summary-list.js';
import { roleKey, tagGroups, tagsOf, type Draft, type Field } from './draft.js';

/** What the templates read of the form, and the two things they can ask it to do. */
export interface FormView {
  t(key: MessageKey, n?: number, of?: number): string;
  draft: Draft;
  errors: Partial<Record<Field, MessageKey>>;
  /** The service search as typed, what it found, and the services offered before any search. */
  query: string;
  found?: ServiceChoice[];
  offered: ServiceChoice[];
  /** What copying the private link said. */
  copied: MessageKey | '';
  /** Goes back to a field's step from "Check your answers" and focuses it. */
  change(field: Field, focusId?: string): void;
  copyLink(): void;
}

/** "Check your answers": everything that will be sent, each answer with a way back to change it. */
export function checkAnswers(view: FormView): TemplateResult {
  const draft = view.draft;
  const row = (field: Field, label: MessageKey, value: string | string[], focusId?: string) => ({
    label: view.t(label),
    value,
    change: () => view.change(field, focusId),
  });
  const rows: SummaryRow[] = [
    row('title', 'form.title', draft.title),
    row('body', 'form.body', draft.body),
    row(
      'happenedIn',
      'form.happenedIn',
      draft.happenedYear.trim() ? `${draft.happenedMonth.trim()}/${draft.happenedYear.trim()}` : '',
      'happenedMonth',
    ),
    row(
      'services',
      'form.services',
      draft.services.map((service) => service.name),
    ),
    ...tagGroups.map((group) =>
      row(
        'tags',
        `form.${group}` as MessageKey,
        tagsOf(view.draft, group),
        group === 'good' ? undefined : `${group}More`,
      ),
    ),
    row('nickname', 'form.nickname', draft.nickname),
    row(
      'authorRole',
      'form.authorRole',
      draft.authorRole ? view.t(roleKey(draft.authorRole)) : '',
      `role-${draft.authorRole || 'patient'}`,
    ),
    row('email', 'form.email', draft.email),
    row('postcode', 'form.postcode', draft.postcode),
    row(
      'demographics',
      'form.demo',
      demographicQuestions.flatMap((question) =>
        draft[question]
          ? [`${view.t(`form.demo.${question}`)}: ${answerLabel(view, question, draft[question])}`]
          : [],
      ),
    ),
  ];
  return html`<p>${view.t('form.check.hint')}</p>
    ${summaryList(rows, { change: view.t('form.change'), empty: view.t('form.notGiven') })}`;
}

/** A labelled control with its hint and error, tied to it by aria-describedby. */
function field(
  view: FormView,
  id: string,
  field: Field,
  control: (describedBy: string, invalid: 'true' | 'false') => TemplateResult,
  hint?: MessageKey,
  label = `form.${id}` as MessageKey,
): TemplateResult {
  const error = view.errors[field];
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for=${id}>${view.t(label)}</label>
    ${hint ? html`<p class="hint" id="${id}-hint">${view.t(hint)}</p>` : nothing}
    ${error ? html`<p class="error" id="${id}-error">${view.t(error)}</p>` : nothing}
    ${control(describedBy, error ? 'true' : 'false')}
  </div>`;
}

function textField(
  view: FormView,
  name: keyof Draft & Field,
  options: { type?: string; autocomplete?: string; hint?: MessageKey; multiline?: boolean } = {},
): TemplateResult {
  const value = view.draft[name] as string;
  return field(
    view,
    name,
    name,
    (describedBy, invalid) =>
      options.multiline
        ? html`<textarea
            id=${name}
            name=${name}
            rows="8"
            .value=${value}
            aria-describedby=${describedBy}
            aria-invalid=${invalid}
          ></textarea>`
        : html`<input
            id=${name}
            name=${name}
            type=${options.type ?? 'text'}
            autocomplete=${options.autocomplete ?? 'off'}
            .value=${value}
            aria-describedby=${describedBy}
            aria-invalid=${invalid}
          />`,
    options.hint,
  );
}

function checkbox(name: string, value: string, checked: boolean, label: string): TemplateResult {
  return html`<label class="check"
    ><input type="checkbox" name=${name} .value=${value} .checked=${checked} />${label}</label
  >`;
}

export function whatHappened(view: FormView): TemplateResult {
  return html`${textField(view, 'title')}
  ${textField(view, 'body', { multiline: true, hint: 'form.body.hint' })} ${whenField(view)}`;
}

/** "When did this happen?": optional month and year, as GOV.UK's date input (no day: few remember it). */
function whenField(view: FormView): TemplateResult {
  const error = view.errors.happenedIn;
  const describedBy = ['happenedIn-hint', error && 'happenedIn-error'].filter(Boolean).join(' ');
  const part = (name: 'happenedMonth' | 'happenedYear', label: MessageKey, size: string) =>
    html`<div class="field">
      <label for=${name}>${view.t(label)}</label>
      <input
        id=${name}
        name=${name}
        class=${size}
        inputmode="numeric"
        autocomplete="off"
        .value=${view.draft[name]}
        aria-invalid=${error ? 'true' : 'false'}
      />
    </div>`;
  return html`<fieldset class="field" aria-describedby=${describedBy}>
    <legend>${view.t('form.happenedIn')}</legend>
    <p class="hint" id="happenedIn-hint">${view.t('form.happenedIn.hint')}</p>
    ${error ? html`<p class="error" id="happenedIn-error">${view.t(error)}</p>` : nothing}
    <div class="date-input">
      ${part('happenedMonth', 'form.happenedIn.month', 'digits-2')}
      ${part('happenedYear', 'form.happenedIn.year', 'digits-4')}
    </div>
  </fieldset>`;
}

export function servicesStep(view: FormView): TemplateResult {
  const chosen = view.draft.services;
  const choices = [
    ...chosen,
    ...(view.found ?? view.offered).filter((s) => !chosen.some((c) => c.id === s.id)),
  ];
  return html`${field(
      view,
      'q',
      'services',
      (describedBy, invalid) =>
        html`<input
          id="q"
          name="q"
          type="search"
          autocomplete="off"
          .value=${view.query}
          aria-describedby=${describedBy}
          aria-invalid=${invalid}
        />`,
      'form.search.hint',
      'form.search',
    )}
    <p class="hint" role="status">${view.found ? view.t('form.found', view.found.length) : nothing}</p>
    <fieldset>
      <legend class="visually-hidden">${view.t('form.step2')}</legend>
      ${choices.map((service) => checkbox('service', service.id, chosen.includes(service), service.name))}
    </fieldset>`;
}

export function tagsStep(view: FormView): TemplateResult {
  const error = view.errors.tags;
  return html`${error ? html`<p class="error" id="tags-error">${view.t(error)}</p>` : nothing}
  ${tagGroups.map((group) => {
    const chosen = view.draft[group];
    const suggested = view.t(`form.tags.${group}` as MessageKey).split('|');
    const options = [...suggested, ...chosen.filter((tag) => !suggested.includes(tag))];
    return html`<fieldset>
      <legend>${view.t(`form.${group}` as MessageKey)}</legend>
      ${options.map((tag) => checkbox(group, tag, chosen.includes(tag), tag))}
      <div class="field">
        <label for="${group}More">${view.t('form.more')}</label>
        <input
          id="${group}More"
          name="${group}More"
          .value=${view.draft[`${group}More`]}
          aria-describedby=${error ? 'tags-error' : ''}
          aria-invalid=${error ? 'true' : 'false'}
        />
      </div>
    </fieldset>`;
  })}`;
}

export function aboutYou(view: FormView): TemplateResult {
  const consentError = view.errors.consent;
  return html`${textField(view, 'nickname', { hint: 'form.nickname.hint', autocomplete: 'nickname' })}
    ${rolesField(view)}
    <fieldset aria-describedby="private-hint">
      <legend>${view.t('form.private')}</legend>
      <p class="hint" id="private-hint">${view.t('form.private.hint')}</p>
      ${textField(view, 'email', { type: 'email', autocomplete: 'email' })}
      ${textField(view, 'postcode', { autocomplete: 'postal-code' })}
    </fieldset>
    ${demographicsField(view)}
    ${consentError ? html`<p class="error" id="consent-error">${view.t(consentError)}</p>` : nothing}
    <label class="check">
      <input
        id="consent"
        name="consent"
        type="checkbox"
        .checked=${view.draft.consent}
        aria-describedby=${consentError ? 'consent-error' : ''}
        aria-invalid=${consentError ? 'true' : 'false'}
      />${view.t('form.consent')}
    </label>`;
}

/** The words for one answer to a question about the author (the catalogue lists them in the form's order). */
function answerLabel(view: FormView, question: DemographicQuestion, value: string): string {
  const index = (demographicAnswers[question] as string[]).indexOf(value);
  return view.t(`form.demo.${question}.options`).split('|')[index] ?? value;
}

/**
 * The optional questions about the author: a select each, unanswered until the author chooses, every
 * one with "prefer not to say", under a plain word on why we ask and that the story never shows them.
 */
function demographicsField(view: FormView): TemplateResult {
  const error = view.errors.demographics;
  return html`<fieldset aria-describedby="demo-hint${error ? ' demographics-error' : ''}">
    <legend>${view.t('form.demo')}</legend>
    <p class="hint" id="demo-hint">${view.t('form.demo.hint')}</p>
    ${error ? html`<p class="error" id="demographics-error">${view.t(error)}</p>` : nothing}
    ${demographicQuestions.map(
      (question) =>
        html`<div class="field">
          <label for=${question}>${view.t(`form.demo.${question}`)}</label>
          <select id=${question} name=${question} aria-invalid=${error ? 'true' : 'false'}>
            <option value="" ?selected=${!view.draft[question]}>${view.t('form.notGiven')}</option>
            ${demographicAnswers[question].map(
              (value) =>
                html`<option .value=${value} ?selected=${view.draft[question] === value}>
                  ${answerLabel(view, question, value)}
                </option>`,
            )}
          </select>
        </div>`,
    )}
  </fieldset>`;
}

/** "You are the…" as radios (GOV.UK): every choice in sight, none chosen for the author. */
function rolesField(view: FormView): TemplateResult {
  const error = view.errors.authorRole;
  return html`<fieldset class="field" aria-describedby=${error ? 'authorRole-error' : nothing}>
    <legend>${view.t('form.authorRole')}</legend>
    ${error ? html`<p class="error" id="authorRole-error">${view.t(error)}</p>` : nothing}
    <div class="radios">
      ${authorRoles.map(
        (role) =>
          html`<label class="check">
            <input
              id="role-${role}"
              type="radio"
              name="authorRole"
              .value=${role}
              .checked=${view.draft.authorRole === role}
              aria-invalid=${error ? 'true' : 'false'}
            />${view.t(roleKey(role))}
          </label>`,
      )}
    </div>
  </fieldset>`;
}

/** After sending: the author's private link, whether it was emailed, and what happens next. */
export function receiptPanel(receipt: StoryReceipt & { emailed: boolean }, view: FormView): TemplateResult {
  const link = authorUrl(receipt.id, receipt.authorKey);
  return html`<div class="done">
    <h3 id="done" tabindex="-1">${view.t('form.done')}</h3>
    <div class="field private-link" part="private-link">
      <label for="link">${view.t('form.link')}</label>
      <p class=${receipt.emailed ? 'hint' : 'callout'} id="link-emailed">
        ${view.t(receipt.emailed ? 'form.link.emailed' : 'form.link.notEmailed')}
      </p>
      <p class="hint" id="link-hint">${view.t('form.link.hint')}</p>
      <div class="row">
        <input id="link" readonly .value=${link} aria-describedby="link-emailed link-hint" />
        <button type="button" @click=${() => view.copyLink()}>${view.t('form.copy')}</button>
      </div>
      <p class="note" role="status">${view.copied ? view.t(view.copied) : nothing}</p>
      <p><a href=${link}>${view.t('form.link.open')}</a></p>
    </div>
    <h4>${view.t('form.next.title')}</h4>
    <ol class="next-steps">
      <li>${view.t('form.next.read')}</li>
      <li>${view.t('form.next.published')}</li>
      <li>${view.t('form.next.respond')}</li>
    </ol>
  </div>`;
}
