import { css } from 'lit';

export const careloopBadgeStyles = css`
  :host {
    /* The same height before and after the figures arrive: a sidebar does not jump. */
    min-height: var(--careloop-badge-min-height, 4.5rem);
  }

  dl {
    display: flex;
    gap: var(--_space);
    min-height: inherit;
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  div {
    display: flex;
    flex-direction: column-reverse;
    justify-content: flex-end;
  }

  dt {
    font-size: 0.875em;
    color: var(--_muted);
  }

  dd {
    margin: 0;
    font-size: 1.5em;
    font-weight: bold;
    line-height: 1.2;
    color: var(--_accent);
  }
`;
