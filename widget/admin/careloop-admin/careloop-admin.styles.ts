import { css } from 'lit';

export const careloopAdminStyles = css`
  .panel {
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  /* Inside <careloop-stories>, whose panel already draws the box: no panel in a panel. */
  .panel.embedded {
    padding: 0;
    background: none;
    border: 0;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
    align-items: baseline;
    justify-content: space-between;
  }
  /*
   * One row of tabs that scrolls sideways within itself on a narrow phone (the page never does): its
   * width counts for nothing in the host's layout (contain), and a focused tab scrolls into view.
   */
  [role='tablist'] {
    display: flex;
    gap: 0.25em;
    margin: 0 0 var(--_space);
    padding: 0 2px;
    overflow-x: auto;
    contain: inline-size;
    border-bottom: 2px solid var(--_border);
    scrollbar-width: thin;
  }
  .tab {
    flex: none;
    white-space: nowrap;
    color: var(--_accent);
    background: transparent;
    border: 0;
    border-bottom: 4px solid transparent;
    border-radius: 0;
  }
  .tab[aria-selected='true'] {
    color: var(--_text);
    border-bottom-color: var(--_accent);
    font-weight: 700;
  }
  .tab:focus-visible {
    outline-offset: -3px;
  }
`;
