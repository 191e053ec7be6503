import { css } from 'lit';

/*
 * The look of the public stories (see docs/decisions/2026-12-07-widget-visual-design.md): a story card
 * reads title, then the service, then who and when, then the response state; responses from staff stand
 * out in the accent's tint with a bar at the start; "change planned" and "change made" are tags in the
 * style of GOV.UK and the NHS design system. Every colour comes from a `--careloop-*` property.
 */
export const careloopStoriesStyles = css`
  .panel {
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  /*
   * Reserve a screen's worth of room only until the first stories arrive: whatever follows the widget is
   * below the fold while it loads, so the host page does not shift, and no view after that (a short
   * story, a sign-in, the author's page) is a screen-tall empty box.
   */
  .panel[data-waiting='true'] {
    min-height: var(--careloop-min-height, 100vh);
  }

  /* The same room from the moment the element is upgraded, before its first render (a rule of its own: a
     browser without custom states drops it, not the rule above). */
  :host(:state(waiting)) {
    min-height: var(--careloop-min-height, 100vh);
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

  .filter-disclosure {
    margin-bottom: calc(var(--_space) / 2);
  }

  .filter-disclosure summary {
    display: list-item;
    width: fit-content;
    min-height: 2.75em;
    padding: 0.5em 0;
    color: var(--_link);
    font-weight: 600;
    cursor: pointer;
  }

  .filters {
    padding: var(--_space);
    margin-bottom: calc(var(--_space) / 2);
    background: var(--_subtle);
    border-radius: var(--_radius);
  }

  label {
    display: flex;
    flex-direction: column;
  }

  /* Fixed shares of the row: a select does not widen (and move its neighbours) when its options arrive. */
  .filters label {
    flex: 1 1 9em;
    min-width: 0;
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

  .story {
    padding: var(--_space);
    margin-bottom: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }

  .story.detail {
    padding: 0;
    border: 0;
  }

  h3 {
    font-size: 1.25em;
    line-height: 1.3;
    margin-bottom: 0.25em;
  }

  .detail h3 {
    font-size: 1.5em;
  }

  h3 a {
    text-underline-offset: 0.15em;
  }

  h3 a:hover {
    text-decoration-thickness: 3px;
  }

  h4 {
    font-size: 1.1em;
  }

  .services {
    margin-bottom: 0.25em;
    font-weight: 600;
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

  .detail > .body {
    max-width: 40em;
    font-size: 1.05em;
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
    align-items: center;
    gap: 0.25em;
  }

  dt {
    color: var(--_muted);
  }

  dt::after {
    content: ':';
  }

  dd {
    margin: 0;
    padding: 0 0.6em;
    border: 1px solid var(--_border);
    border-radius: 1em;
  }

  .tags .good dd {
    border-color: var(--_success);
  }

  .tags .improve dd {
    border-color: var(--_warning);
  }

  /* "1 response · Change planned" or "No response yet", set off from the story by a rule. */
  .response-state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.75em;
    padding-top: calc(var(--_space) / 2);
    margin: calc(var(--_space) / 2) 0 0;
    border-top: 1px solid var(--_border);
  }

  .response-state.answered .count {
    font-weight: 600;
  }

  .response-state.answered .count::before {
    content: '';
    display: inline-block;
    width: 0.6em;
    height: 0.6em;
    margin-inline-end: 0.4em;
    background: var(--_accent);
    border-radius: 50%;
  }

  .response-state.waiting {
    color: var(--_muted);
  }

  /* "Me too" and "helpful": quiet until the reader's own signal is in the count, then filled. */
  .signal {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.75em;
  }

  .signal button {
    color: var(--_link);
    background: none;
    border-color: currentColor;
  }

  .signal button[aria-pressed='true'] {
    color: var(--_accent-text);
    background: var(--_accent);
  }

  .signal-count,
  .me-too-count {
    color: var(--_muted);
  }

  /* A tag in the manner of GOV.UK's: dark text on a tint of the state's colour, a bar of it at the start. */
  .marker {
    display: inline-block;
    padding: 0.1em 0.6em;
    font-size: 0.9em;
    font-weight: 600;
    color: var(--_text);
    background: color-mix(in srgb, var(--_warning) 16%, var(--_surface));
    border-inline-start: 4px solid var(--_warning);
    border-radius: var(--_radius);
  }

  .marker.made {
    background: color-mix(in srgb, var(--_success) 16%, var(--_surface));
    border-inline-start-color: var(--_success);
  }

  .entry .marker {
    margin-bottom: 0.5em;
  }

  .listening {
    padding: calc(var(--_space) / 2) var(--_space);
    margin: var(--_space) 0;
    background: var(--_subtle);
    border-radius: var(--_radius);
  }

  .listening h4 {
    font-size: 1em;
    margin-bottom: 0.25em;
  }

  .listening ul {
    padding-inline-start: 1.25em;
    margin: 0;
  }

  .responses {
    margin-top: var(--_space);
  }

  .entry {
    padding: var(--_space);
    margin-bottom: var(--_space);
    border-radius: var(--_radius);
  }

  /* Staff answers stand out: the accent's tint and a bar, as a reader scanning the thread looks for them. */
  .response {
    background: color-mix(in srgb, var(--_accent) 9%, var(--_surface));
    border-inline-start: 6px solid var(--_accent);
  }

  .response.change-made {
    border-inline-start-color: var(--_success);
  }

  .reply {
    margin-inline-start: calc(var(--_space) * 1.5);
    background: var(--_subtle);
    border-inline-start: 4px solid var(--_muted);
  }

  .who {
    margin-bottom: 0;
  }

  .reply .who {
    font-weight: 600;
  }

  .follow {
    padding-top: var(--_space);
    border-top: 1px solid var(--_border);
  }

  .email label {
    flex-basis: 100%;
  }

  .email input {
    flex: 1 1 12em;
    min-width: 0;
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

  /* Staff sign-in: a quiet link at the foot, out of a patient's way but there for staff. */
  .foot {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 0 0.5em;
    margin-top: var(--_space);
    padding-top: calc(var(--_space) / 2);
    border-top: 1px solid var(--_border);
    font-size: 0.9em;
    color: var(--_muted);
  }

  .foot [role='status']:empty {
    display: none;
  }

  button.link {
    padding: 0.25em;
    color: var(--_link);
    text-decoration: underline;
    background: none;
    border: 0;
  }

  time {
    white-space: nowrap;
  }

  /* A phone: the panel and the cards give their padding back to the text. */
  @media (max-width: 30em) {
    .panel {
      padding: calc(var(--_space) * 0.75);
    }
    .story {
      padding: calc(var(--_space) * 0.75);
    }
  }

  @media (forced-colors: active) {
    .marker,
    .response {
      border: 1px solid CanvasText;
    }
  }
`;
