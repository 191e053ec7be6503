import { css } from 'lit';

export const careloopStoriesStyles = css`
  :host {
    /*
     * Reserve a screen's worth of room before the stories arrive: whatever follows the widget is then
     * below the fold while it loads, so the host page does not shift.
     */
    min-height: var(--careloop-min-height, 100vh);
  }

  .panel {
    min-height: inherit;
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .status-bar,
  .filters,
  .email,
  .feeds {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: calc(var(--_space) / 2) var(--_space);
  }

  .status-bar {
    align-items: center;
    min-height: 2.75em;
  }

  .status {
    margin: 0;
    color: var(--_muted);
  }

  .status:empty {
    display: none;
  }

  .status[data-state='unavailable'],
  .status[data-state='forbidden'],
  .status[data-state='missing'],
  .invalid,
  .failed {
    color: var(--_error);
  }

  .filters {
    margin-bottom: var(--_space);
  }

  label {
    display: flex;
    flex-direction: column;
  }

  /* Fixed shares of the row: a select does not widen (and move its neighbours) when its options arrive. */
  .filters label {
    flex: 1 1 9em;
  }

  .filters .q {
    flex: 2 1 14em;
  }

  .filters input,
  .filters select {
    width: 100%;
  }

  .stories,
  .thread {
    list-style: none;
    padding: 0;
    margin: 0 0 var(--_space);
  }

  .story,
  .entry {
    padding: var(--_space);
    margin-bottom: var(--_space);
    background: var(--_subtle);
    border-radius: var(--_radius);
  }

  .entry {
    border-left: 4px solid var(--_accent);
  }

  .reply {
    margin-left: var(--_space);
    border-left-color: var(--_muted);
  }

  h3 {
    font-size: 1.25em;
  }

  .meta {
    font-size: 0.9em;
    color: var(--_muted);
  }

  .body,
  .excerpt {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }

  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em var(--_space);
    margin: 0 0 calc(var(--_space) / 2);
    font-size: 0.9em;
  }

  .tags div {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
  }

  dt::after {
    content: ':';
  }

  dd {
    margin: 0;
    padding: 0 0.5em;
    border: 1px solid var(--_border);
    border-radius: 1em;
  }

  .marker {
    display: inline-block;
    padding: 0 0.5em;
    font-weight: bold;
    color: var(--_warning);
    border: 2px solid currentColor;
    border-radius: var(--_radius);
  }

  .marker.made {
    color: var(--_success);
  }

  .follow {
    padding-top: var(--_space);
    border-top: 1px solid var(--_border);
  }

  .email label {
    flex-basis: 100%;
  }

  .email p {
    flex-basis: 100%;
  }

  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
    margin-bottom: var(--_space);
  }

  .staff-sign-in {
    margin-inline-start: auto;
  }
`;
