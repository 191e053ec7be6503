import { css } from 'lit';

export const careloopAdminWebhooksStyles = css`
  .endpoints {
    list-style: none;
    padding: 0;
  }
  .endpoints > li {
    border-top: 1px solid var(--_border);
    padding: calc(var(--_space) / 2) 0;
  }
  .url,
  code {
    overflow-wrap: anywhere;
  }
  .table-scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: 0.25em;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.25em 0.5em;
    border-bottom: 1px solid var(--_border);
  }
`;
