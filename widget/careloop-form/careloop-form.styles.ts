import { css } from 'lit';
import { base, tokens } from '../shared/styles.js';

/** The form's layout; `<careloop-author>` shares it (fields, notes, errors, the panel). */
export const careloopFormStyles = [
  tokens,
  base,
  css`
    :host {
      container-type: inline-size;
    }

    .panel {
      padding: var(--_space);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }

    fieldset {
      margin: 0 0 var(--_space);
      padding: 0;
      border: 0;
    }

    legend {
      padding: 0;
      font-weight: bold;
    }

    .field {
      display: flex;
      flex-direction: column;
      gap: 0.25em;
      margin-bottom: var(--_space);
    }

    label {
      font-weight: bold;
    }

    /* Month and year side by side, each as wide as what it holds (GOV.UK's date input). */
    .date-input {
      display: flex;
      gap: var(--_space);
    }
    .date-input .field {
      margin-bottom: 0;
    }
    .digits-2 {
      width: 3em;
    }
    .digits-4 {
      width: 5em;
    }

    .hint {
      color: var(--_muted);
    }

    .error {
      font-weight: bold;
      color: var(--_error);
    }

    [aria-invalid='true'] {
      border: 2px solid var(--_error);
    }

    textarea {
      resize: vertical;
    }

    .check {
      display: flex;
      align-items: center;
      gap: 0.5em;
      min-height: 2.75em;
      font-weight: normal;
    }

    .check input {
      flex: none;
      width: 1.5em;
      height: 1.5em;
      min-height: 0;
      margin: 0;
      accent-color: var(--_accent);
    }

    .actions,
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) / 2);
    }

    .row input {
      flex: 1 1 16em;
    }

    .note:empty {
      display: none;
    }

    .plain {
      padding: 0;
      list-style: none;
    }

    /* A heading or summary that takes focus keeps room above it (a host page's sticky header). */
    [tabindex='-1'],
    input,
    textarea {
      scroll-margin-top: var(--careloop-scroll-margin-top, 4rem);
    }

    /* GOV.UK's error summary: a bordered box at the top of the step, a link to each wrong answer. */
    .error-summary {
      margin-bottom: var(--_space);
      padding: var(--_space);
      border: 4px solid var(--_error);
      border-radius: var(--_radius);
    }

    .error-summary ul {
      margin: 0;
      padding-left: 1.25em;
    }

    .error-summary a {
      font-weight: bold;
      color: var(--_error);
    }

    /* A summary list: a row per answer, the answer's label, its value, and a way to change it. */
    .summary {
      margin: 0 0 var(--_space);
    }

    .summary > div {
      display: grid;
      grid-template-columns: minmax(8em, 1fr) 2fr auto;
      gap: 0.25em var(--_space);
      padding: 0.5em 0;
      border-bottom: 1px solid var(--_border);
    }

    .summary dt {
      font-weight: bold;
    }

    .summary dd {
      margin: 0;
    }

    @container (max-width: 30rem) {
      .summary > div {
        grid-template-columns: 1fr auto;
      }
      .summary dt {
        grid-column: 1 / -1;
      }
    }

    button.link {
      min-height: 0;
      padding: 0;
      color: var(--_link);
      text-decoration: underline;
      background: none;
      border: 0;
    }

    .callout {
      padding: calc(var(--_space) / 2) var(--_space);
      font-weight: bold;
      background: var(--_subtle);
      border-left: 6px solid var(--_warning);
    }

    .radios {
      display: flex;
      flex-direction: column;
    }
  `,
];
