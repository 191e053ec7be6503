import { css } from 'lit';

/**
 * The charts' colours: each at least 4.5:1 against the surface in its scheme (so also the 3:1 graphics
 * need), and never the only clue — the swarm's lanes are labelled, and every chart has its table.
 */
export const careloopAdminReportsStyles = css`
  :host {
    --_c0: #b10e1e;
    --_c1: #a3410b;
    --_c2: #7a4fa8;
    --_c3: #00707a;
    --_c4: #005eb8;
    --_c5: #007f3b;
    --_c6: #4c6272;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_c0: #ff8a94;
      --_c1: #ffb366;
      --_c2: #c9a6ff;
      --_c3: #4fd1c5;
      --_c4: #5aa3e8;
      --_c5: #5fd38d;
      --_c6: #b8c4cc;
    }
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) var(--_space);
    align-items: end;
  }
  .filters input,
  .filters select {
    width: auto;
  }
  .chart select {
    width: auto;
  }
  .chart {
    margin: var(--_space) 0;
    padding-top: calc(var(--_space) / 2);
    border-top: 1px solid var(--_border);
  }
  .summary {
    font-size: 1.125em;
  }
  .download {
    color: var(--_accent);
    font-weight: 600;
  }
  svg {
    display: block;
    width: 100%;
    max-width: 800px;
    height: auto;
    margin: calc(var(--_space) / 2) 0;
    font-size: 13px;
    overflow: visible;
  }
  svg text {
    fill: var(--_text);
  }
  .grid {
    stroke: var(--_border);
  }
  .line {
    fill: none;
    stroke: var(--_accent);
    stroke-width: 2.5;
  }
  .point,
  .bar {
    fill: var(--_accent);
  }
  .dot {
    cursor: pointer;
    outline: none;
  }
  .dot:hover circle,
  .dot:focus circle {
    stroke: var(--_text);
    stroke-width: 2;
  }
  .dot:focus-visible circle {
    stroke: var(--_focus);
    stroke-width: 4;
  }
  .c0 {
    fill: var(--_c0);
  }
  .c1 {
    fill: var(--_c1);
  }
  .c2 {
    fill: var(--_c2);
  }
  .c3 {
    fill: var(--_c3);
  }
  .c4 {
    fill: var(--_c4);
  }
  .c5 {
    fill: var(--_c5);
  }
  .c6 {
    fill: var(--_c6);
  }
  /*
   * A wide table scrolls inside its box. Its width must not count towards the element's own narrowest
   * layout either, or a host page that sizes to content (a grid's 1fr track) grows sideways on a phone.
   */
  /* Focusable (a keyboard scrolls it), and labelled by its chart's heading. */
  .table {
    overflow-x: auto;
    contain: inline-size;
  }
  /* The four questions side by side where there is room, one under another on a phone. */
  .questions {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr));
    gap: 0 var(--_space);
  }
  table {
    border-collapse: collapse;
    margin: calc(var(--_space) / 2) 0;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: 0.25em;
  }
  th,
  td {
    padding: 0.3em 0.75em 0.3em 0;
    border-bottom: 1px solid var(--_border);
    text-align: left;
    vertical-align: top;
  }
  td:not(:nth-child(2)) {
    font-variant-numeric: tabular-nums;
  }
  @media (forced-colors: active) {
    .dot circle,
    .point,
    .bar {
      fill: CanvasText;
    }
    .line {
      stroke: CanvasText;
    }
  }
`;
