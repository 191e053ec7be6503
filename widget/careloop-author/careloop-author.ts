import { addEnglish } from '../l10n/catalogues/en.js';
import english from '../l10n/catalogues/en/author.js';
import { CareloopAuthor } from './careloop-author.component.js';

addEnglish(english);

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
    'careloop-story-erased': CustomEvent<{ id: string }>;
  }
}
