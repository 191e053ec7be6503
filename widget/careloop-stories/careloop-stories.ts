import { CareloopStories } from './careloop-stories.component.js';

export { CareloopStories };
export type {
  CareloopStatusDetail,
  CareloopStoryOpenDetail,
  ConnectionState,
} from './careloop-stories.component.js';

const tag = 'careloop-stories';

// A page may load the widget twice (two script tags, two versions): the first definition wins quietly.
if (!customElements.get(tag)) customElements.define(tag, CareloopStories);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-stories': CareloopStories;
  }
  interface HTMLElementEventMap {
    'careloop-status': CustomEvent<import('./careloop-stories.component.js').CareloopStatusDetail>;
    'careloop-story-open': CustomEvent<import('./careloop-stories.component.js').CareloopStoryOpenDetail>;
  }
}
