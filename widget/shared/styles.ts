import { css } from 'lit';
import { designTokens } from './tokens.js';

/** The design tokens, and the host's own box, font and colour: what every public element starts from. */
export const tokens = [
  designTokens,
  css`
    :host {
      display: block;
      box-sizing: border-box;
      font-family: var(--careloop-font-family, inherit);
      line-height: 1.5;
      color: var(--_text);
    }

    :host([hidden]) {
      display: none;
    }
  `,
];

/** Text for screen readers only: off screen, still read out. Public and staff parts alike. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
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

  ${visuallyHidden}

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
