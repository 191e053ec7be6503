import { nextTask } from '../shared/tasks.js';
import { CareloopBadge } from './careloop-badge.component.js';

export { CareloopBadge };

const tag = 'careloop-badge';

// Defined in a task of its own, as <careloop-stories> is. A page may load the widget twice: the first
// definition wins quietly.
void nextTask().then(() => {
  if (!customElements.get(tag)) customElements.define(tag, CareloopBadge);
});

declare global {
  interface HTMLElementTagNameMap {
    'careloop-badge': CareloopBadge;
  }
}
