/**
 * careloop's embeddable widget: `<script type="module" src="https://service/widget/careloop.js">` and
 * `<careloop-stories service="your-board">` on a board's page.
 */
export { CareloopStories } from './careloop-stories/careloop-stories.js';
export type { CareloopStatusDetail, ConnectionState } from './careloop-stories/careloop-stories.js';
export { CareloopForm } from './careloop-form/careloop-form.js';
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
export { CareloopBadge } from './careloop-badge/careloop-badge.js';
