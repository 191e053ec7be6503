import { css } from 'lit';
import { base, tokens } from '../shared/styles.js';

/** The form's layout; `<careloop-author>` shares it (fields, notes, errors, the panel). */
export const careloopFormStyles = [
  tokens,
  base,
  css`
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
  `,
];
