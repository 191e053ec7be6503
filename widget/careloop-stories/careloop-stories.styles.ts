import { css } from 'lit';

export const careloopStoriesStyles = css`
  :host {
    /* Defaults a host page may override; the private --_ names are what the rules below use. */
    --_text: var(--careloop-color-text, #212b32);
    --_muted: var(--careloop-color-text-muted, #4c6272);
    --_surface: var(--careloop-color-surface, #ffffff);
    --_border: var(--careloop-color-border, #d8dde0);
    --_accent: var(--careloop-color-accent, #005eb8);
    --_accent-text: var(--careloop-color-accent-text, #ffffff);
    --_success: var(--careloop-color-success, #007f3b);
    --_warning: var(--careloop-color-warning, #b35c00);
    --_focus: var(--careloop-color-focus, #ffb81c);
    --_radius: var(--careloop-radius, 4px);
    --_space: var(--careloop-space, 1rem);

    display: block;
    box-sizing: border-box;
    /* Reserve the room the widget will need so the host page does not jump when it arrives. */
    min-height: var(--careloop-min-height, 12rem);
    font-family: var(--careloop-font-family, inherit);
    color: var(--_text);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--careloop-color-text, #f0f4f5);
      --_muted: var(--careloop-color-text-muted, #b8c4cc);
      --_surface: var(--careloop-color-surface, #1e2a32);
      --_border: var(--careloop-color-border, #41505b);
      --_accent: var(--careloop-color-accent, #5aa3e8);
      --_accent-text: var(--careloop-color-accent-text, #0b0c0c);
      --_success: var(--careloop-color-success, #5fd38d);
      --_warning: var(--careloop-color-warning, #ffb366);
    }
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .panel {
    min-height: inherit;
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .status-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2) var(--_space);
    /* One line of status or a button, whichever is taller: the same height in every state. */
    min-height: 2.75em;
  }

  .status {
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin: 0;
    color: var(--_muted);
  }

  .status::before {
    content: '';
    flex: none;
    width: 0.625em;
    height: 0.625em;
    border-radius: 50%;
    background: currentColor;
    opacity: 0.5;
  }

  .status[data-state='connected'] {
    color: var(--_success);
  }

  .status[data-state='connected']::before,
  .status[data-state='unavailable']::before {
    opacity: 1;
  }

  .status[data-state='unavailable'] {
    color: var(--_warning);
  }

  .status:focus {
    outline: none;
  }

  .status:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  button {
    font: inherit;
    min-height: 2.75em;
    padding: 0.5em 1.25em;
    color: var(--_accent-text);
    background: var(--_accent);
    border: 0;
    border-radius: var(--_radius);
    cursor: pointer;
  }

  button:hover {
    filter: brightness(0.9);
  }

  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    button {
      border: 1px solid ButtonText;
    }
  }
`;
