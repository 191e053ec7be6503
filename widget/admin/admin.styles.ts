import { css } from 'lit';

/** Shared by every admin element; the `--careloop-*` properties are the public widget's theme. */
export const adminStyles = css`
  :host {
    --_text: var(--careloop-color-text, #212b32);
    --_muted: var(--careloop-color-text-muted, #4c6272);
    --_surface: var(--careloop-color-surface, #ffffff);
    --_border: var(--careloop-color-border, #d8dde0);
    --_accent: var(--careloop-color-accent, #005eb8);
    --_accent-text: var(--careloop-color-accent-text, #ffffff);
    --_success: var(--careloop-color-success, #007f3b);
    --_warning: var(--careloop-color-warning, #b35c00);
    --_danger: var(--careloop-color-danger, #b10e1e);
    --_mark: var(--careloop-color-flag, #fff2a8);
    --_mark-text: var(--careloop-color-flag-text, #212b32);
    --_focus: var(--careloop-color-focus, #ffb81c);
    --_radius: var(--careloop-radius, 4px);
    --_space: var(--careloop-space, 1rem);
    display: block;
    font-family: var(--careloop-font-family, inherit);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--careloop-color-text, #f0f4f5);
      --_muted: var(--careloop-color-text-muted, #b8c4cc);
      --_surface: var(--careloop-color-surface, #1e2a32);
      --_border: var(--careloop-color-border, #6b7b86);
      --_accent: var(--careloop-color-accent, #5aa3e8);
      --_accent-text: var(--careloop-color-accent-text, #0b0c0c);
      --_success: var(--careloop-color-success, #5fd38d);
      --_warning: var(--careloop-color-warning, #ffb366);
      --_danger: var(--careloop-color-danger, #ff8a94);
    }
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
    color: var(--_danger);
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
    color: var(--_danger);
    border-left: 4px solid var(--_danger);
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
    background: var(--_mark);
    color: var(--_mark-text);
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
    border: 2px solid var(--_danger);
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
    background: var(--_danger);
    border-color: var(--_danger);
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
  .vh {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
