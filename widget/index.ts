/**
 * careloop's embeddable widget: `<script type="module" src="https://service/widget/careloop.js">` and
 * `<careloop-stories service="your-board">` on a board's page.
 */
export { CareloopStories } from './careloop-stories/careloop-stories.js';
export type { CareloopStatusDetail, ConnectionState } from './careloop-stories/careloop-stories.js';
export type { CareloopForm } from './careloop-form/careloop-form.js';
export type { CareloopAuthor } from './careloop-author/careloop-author.js';

/**
 * Author mode is for the few who open a private link (`#careloop-author=…`, or the emailed
 * `…&careloop-author-key=…`): its code is fetched only then, and `<careloop-author>` upgrades in place.
 */
function loadAuthorModeWhenLinked(): void {
  if (location.hash.includes('careloop-author')) void import('./careloop-author/careloop-author.js');
}
loadAuthorModeWhenLinked();
addEventListener('hashchange', loadAuthorModeWhenLinked);

/**
 * The "tell your story" form is a chunk of its own too, fetched as soon as a `<careloop-form>` is in the
 * page (or is added later), and by `<careloop-stories>`, which shows it below the stories.
 */
function loadFormWhenPresent(): void {
  const present = (node: ParentNode) =>
    (node instanceof Element && node.localName === 'careloop-form') ||
    !!node.querySelector?.('careloop-form');
  const load = () => {
    added.disconnect();
    void import('./careloop-form/careloop-form.js');
  };
  const added = new MutationObserver((records) => {
    if (records.some((record) => [...record.addedNodes].some((node) => present(node as ParentNode)))) load();
  });
  if (present(document)) load();
  else added.observe(document.documentElement, { childList: true, subtree: true });
}
loadFormWhenPresent();
export { CareloopBadge } from './careloop-badge/careloop-badge.js';
