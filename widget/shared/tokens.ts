import { css } from 'lit';

/**
 * careloop's one set of design tokens, public and admin alike: the `--careloop-*` custom properties a
 * host page may set, one name per meaning, read through private `--_*` names with light and dark
 * defaults (contrast ≥ 4.5:1 on the surface). Every element documents the ones it reads with `@cssprop`.
 *
 * - `--careloop-color-text`, `-text-muted`: main and secondary text.
 * - `--careloop-color-surface`, `-surface-subtle`: backgrounds of panels and of quieter blocks.
 * - `--careloop-color-border`: borders and rules.
 * - `--careloop-color-accent`, `-accent-text`: buttons, and text on them.
 * - `--careloop-color-link`: links.
 * - `--careloop-color-success`, `-warning`, `-error`: good news, caution, errors and destructive actions.
 *   `--careloop-color-danger`, the staff area's first name for the error colour, still wins where a board
 *   set it, so a theme written for it keeps working.
 * - `--careloop-color-flag`, `-flag-text`: possible identifying details a moderator should look at.
 * - `--careloop-color-focus`: the focus ring.
 * - `--careloop-radius`, `--careloop-space`, `--careloop-font-family`: corners, spacing unit, font.
 */
export const designTokens = css`
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
    --_error: var(--careloop-color-danger, var(--careloop-color-error, #c2001b));
    --_flag: var(--careloop-color-flag, #fff2a8);
    --_flag-text: var(--careloop-color-flag-text, #212b32);
    --_focus: var(--careloop-color-focus, #ffb81c);
    --_radius: var(--careloop-radius, 4px);
    --_space: var(--careloop-space, 1rem);
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
      --_error: var(--careloop-color-danger, var(--careloop-color-error, #ff9b9b));
    }
  }
`;
