/**
 * A summary list (GOV.UK's pattern): what someone told us, a row per answer, each with an optional
 * "Change" action. The form's "check your answers" step and the author's "what you sent" use it. Values
 * are user text, interpolated as text.
 */
import { html, nothing } from 'lit';

export interface SummaryRow {
  label: string;
  /** One line per item (services, tags); an empty list shows `empty`. */
  value: string | string[];
  /** Goes back to where the answer can be changed. */
  change?: () => void;
}

export interface SummaryWords {
  /** "Change" */
  change: string;
  /** What an empty answer reads as, e.g. "Not given". */
  empty: string;
}

export function summaryList(rows: SummaryRow[], words: SummaryWords) {
  const valueOf = (value: string | string[]) =>
    typeof value === 'string'
      ? value.trim() || words.empty
      : value.length
        ? value.map((item, index) => html`${index ? html`<br />` : nothing}${item}`)
        : words.empty;
  return html`<dl class="summary">
    ${rows.map(
      (row) =>
        html`<div>
          <dt>${row.label}</dt>
          <dd class="body">${valueOf(row.value)}</dd>
          ${
            row.change
              ? html`<dd class="change">
                  <button class="link" type="button" @click=${row.change}>
                    ${words.change}<span class="visually-hidden"> ${row.label}</span>
                  </button>
                </dd>`
              : nothing
          }
        </div>`,
    )}
  </dl>`;
}
