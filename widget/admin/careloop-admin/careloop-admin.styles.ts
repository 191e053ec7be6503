import { css } from 'lit';

export const careloopAdminStyles = css`
  .panel {
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
    align-items: baseline;
    justify-content: space-between;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    margin: 0 0 var(--_space);
    border-bottom: 2px solid var(--_border);
  }
  .tab {
    color: var(--_accent);
    background: transparent;
    border: 0;
    border-bottom: 4px solid transparent;
    border-radius: 0;
  }
  .tab[aria-current='page'] {
    color: var(--_text);
    border-bottom-color: var(--_accent);
    font-weight: 700;
  }
`;
