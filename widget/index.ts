/**
 * careloop's embeddable widget: `<script type="module" src="https://service/widget/careloop.js">` and
 * `<careloop-stories service="your-board">` on a board's page.
 */
export { CareloopStories } from './careloop-stories/careloop-stories.js';
export type { CareloopStatusDetail, ConnectionState } from './careloop-stories/careloop-stories.js';
