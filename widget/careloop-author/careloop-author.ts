import { CareloopAuthor } from './careloop-author.component.js';

export { CareloopAuthor };

const tag = 'careloop-author';

// A page may load the widget twice: the first definition wins quietly.
if (!customElements.get(tag)) customElements.define(tag, CareloopAuthor);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-author': CareloopAuthor;
  }
  interface HTMLElementEventMap {
    'careloop-story-withdrawn': CustomEvent<{ id: string }>;
  }
}
