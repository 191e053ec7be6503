import { nextTask } from '../shared/tasks.js';
import { CareloopStories } from './careloop-stories.component.js';

export { CareloopStories };
export type {
  CareloopStatusDetail,
  CareloopStoryOpenDetail,
  ConnectionState,
} from './careloop-stories.component.js';

const tag = 'careloop-stories';

// Defined (and upgraded) in a task of its own: the script runs in the host page's DOMContentLoaded task,
// which then lays the page out, and upgrading there too made one long task on a slow phone. The host
// page's `:not(:defined)` rule holds the room meanwhile, as it does while the script loads. A page may
// load the widget twice (two script tags, two versions): the first definition wins quietly.
void nextTask().then(() => {
  if (!customElements.get(tag)) customElements.define(tag, CareloopStories);
});

declare global {
  interface HTMLElementTagNameMap {
    'careloop-stories': CareloopStories;
  }
  interface HTMLElementEventMap {
    'careloop-status': CustomEvent<import('./careloop-stories.component.js').CareloopStatusDetail>;
    'careloop-story-open': CustomEvent<import('./careloop-stories.component.js').CareloopStoryOpenDetail>;
  }
}
