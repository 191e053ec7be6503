import { css } from 'lit';

/**
 * The design tokens every careloop element shares: `--careloop-*` custom properties a host page may set,
 * read through private `--_*` names with light and dark defaults (contrast ≥ 4.5:1 on the surface).
 */
export const tokens = css`
  :host {
    --_text: var(--careloop-color-text, #212b32);
    --_muted: var(--careloop-color-text-muted, #4c6272);
    --_surface: var(--careloop-color-surface, #ffffff);
    --_subtle: var(--careloop-color-surface-subtle, #f0f4f5);
    --_border: var(--careloop-color-border, #aeb7bd);
    --_accent: var(--careloop-color-accent, #005eb8);
    --_accent-text: var(--careloop-color-accent-text, #ffffff);
    --_link: var(--careloop-color-link, #005eb8);
    --_success: var(--careloop-color-success, #007f3b);
    --_warning: var(--careloop-color-warning, #a35200);
    --_error: var(--careloop-color-error, #c2001b);
    --_focus: var(--careloop-color-focus, #ffb81c);
    --_radius: var(--careloop-radius, 4px);
    --_space: var(--careloop-space, 1rem);

    display: block;
    box-sizing: border-box;
    font-family: var(--careloop-font-family, inherit);
    line-height: 1.5;
    color: var(--_text);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--careloop-color-text, #f0f4f5);
      --_muted: var(--careloop-color-text-muted, #b8c4cc);
      --_surface: var(--careloop-color-surface, #1e2a32);
      --_subtle: var(--careloop-color-surface-subtle, #273640);
      --_border: var(--careloop-color-border, #6b7c87);
      --_accent: var(--careloop-color-accent, #5aa3e8);
      --_accent-text: var(--careloop-color-accent-text, #0b0c0c);
      --_link: var(--careloop-color-link, #8cc4ff);
      --_success: var(--careloop-color-success, #5fd38d);
      --_warning: var(--careloop-color-warning, #ffb366);
      --_error: var(--careloop-color-error, #ff9b9b);
    }
  }

  :host([hidden]) {
    display: none;
  }
`;

/** Native controls, links, focus rings and helpers shared by every careloop element. */
export const base = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  h2,
  h3,
  h4,
  p,
  ul,
  ol {
    margin: 0 0 calc(var(--_space) / 2);
  }

  a {
    color: var(--_link);
  }

  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }

  button {
    min-height: 2.75em;
    padding: 0.5em 1.25em;
    color: var(--_accent-text);
    background: var(--_accent);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    cursor: pointer;
  }

  button:hover {
    filter: brightness(0.9);
  }

  button.quiet {
    color: var(--_link);
    background: none;
    border-color: currentColor;
  }

  input,
  select,
  textarea {
    min-height: 2.75em;
    padding: 0.4em 0.6em;
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
  }

  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
  }

  .muted {
    color: var(--_muted);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (prefers-reduced-motion: no-preference) {
    .fade-in {
      animation: careloop-fade 0.2s ease-out;
    }
    @keyframes careloop-fade {
      from {
        opacity: 0;
      }
    }
  }

  @media (forced-colors: active) {
    button {
      border-color: ButtonText;
    }
  }
`;
