import { css } from 'lit';

export const careloopAdminQueueStyles = css`
  .excerpt {
    overflow-wrap: anywhere;
  }
  /* Flags are what a moderator looks for first: the count stands out, and not by colour alone. */
  .flag-count {
    display: inline-block;
    padding: 0 0.4em;
    color: var(--_flag-text);
    background: var(--_flag);
    border-left: 4px solid var(--_warning);
    font-weight: 600;
  }
  /* Rule warnings are read like flags, one sentence a line. */
  .warnings {
    list-style: none;
    margin: 0.25em 0;
    padding: 0;
    display: grid;
    gap: 0.25em;
    justify-items: start;
  }
`;
