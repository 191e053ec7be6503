import { CareloopBadge } from './careloop-badge.component.js';

export { CareloopBadge };

const tag = 'careloop-badge';

// A page may load the widget twice: the first definition wins quietly.
if (!customElements.get(tag)) customElements.define(tag, CareloopBadge);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-badge': CareloopBadge;
  }
}
