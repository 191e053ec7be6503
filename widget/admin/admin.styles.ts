import { css } from 'lit';
import { visuallyHidden } from '../shared/styles.js';
import { designTokens } from '../shared/tokens.js';

/** Shared by every admin element: the widget's one set of design tokens, and the staff area's layout. */
export const adminStyles = [
  designTokens,
  css`
    :host {
      display: block;
      font-family: var(--careloop-font-family, inherit);
      color: var(--_text);
    }
    :host([hidden]) {
      display: none;
    }
    * {
      box-sizing: border-box;
    }
    h2,
    h3,
    h4 {
      margin: var(--_space) 0 calc(var(--_space) / 2);
      line-height: 1.25;
    }
    p {
      margin: 0 0 calc(var(--_space) / 2);
    }
    ul {
      padding: 0;
      list-style: none;
    }
    .error ul {
      padding-left: 1.25em;
      list-style: disc;
    }
    li.item,
    article {
      margin: 0 0 calc(var(--_space) / 2);
      padding: calc(var(--_space) * 0.75);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .muted,
    .hint {
      color: var(--_muted);
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .status:empty,
    .error:empty {
      display: none;
    }
    .field-error {
      color: var(--_error);
      margin: 0.25em 0 0;
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: var(--_space) 0 0;
    }
    legend {
      font-weight: 600;
    }
    .status {
      color: var(--_success);
      font-weight: 600;
    }
    .error {
      color: var(--_error);
      border-left: 4px solid var(--_error);
      padding-left: calc(var(--_space) / 2);
      margin-bottom: var(--_space);
    }
    .badge {
      display: inline-block;
      padding: 0 0.5em;
      border: 1px solid currentColor;
      border-radius: 1em;
      font-size: 0.875em;
    }
    mark {
      background: var(--_flag);
      color: var(--_flag-text);
      outline: 2px solid var(--_warning);
    }
    label {
      display: block;
      font-weight: 600;
      margin: calc(var(--_space) / 2) 0 0.25em;
    }
    label.inline {
      display: inline-flex;
      gap: 0.5em;
      align-items: center;
      font-weight: normal;
    }
    input:not([type='checkbox']),
    select,
    textarea {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_muted);
      border-radius: var(--_radius);
      padding: 0.4em 0.5em;
      width: 100%;
      max-width: 40em;
    }
    textarea {
      min-height: 8em;
    }
    [aria-invalid='true'] {
      border: 2px solid var(--_error);
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) / 2);
      align-items: center;
      margin: calc(var(--_space) / 2) 0;
    }
    button {
      font: inherit;
      min-height: 2.75em;
      padding: 0.4em 1em;
      color: var(--_accent-text);
      background: var(--_accent);
      border: 1px solid var(--_accent);
      border-radius: var(--_radius);
      cursor: pointer;
    }
    button.secondary,
    button.link {
      color: var(--_accent);
      background: transparent;
    }
    button.link {
      border: 0;
      padding: 0;
      min-height: 0;
      text-align: left;
      text-decoration: underline;
      font-weight: 600;
    }
    button.danger {
      color: var(--_surface);
      background: var(--_error);
      border-color: var(--_error);
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    :focus-visible,
    [tabindex='-1']:focus {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    @media (forced-colors: active) {
      button {
        border: 1px solid ButtonText;
      }
      mark {
        forced-color-adjust: none;
      }
    }
  `,
  visuallyHidden,
];
