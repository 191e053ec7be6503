import { css } from 'lit';

export const careloopAdminApiKeysStyles = css`
  .keys > li {
    border-top: 1px solid var(--_border);
    padding: calc(var(--_space) / 2) 0;
  }
  .keys p {
    margin: 0 0 0.25em;
  }
  code {
    overflow-wrap: anywhere;
  }
  .new-key {
    border-left: 4px solid var(--_warning);
  }
  .new-key code {
    display: block;
    padding: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    user-select: all;
  }
`;
