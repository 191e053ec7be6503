import { CareloopForm } from './careloop-form.component.js';

export { CareloopForm };

const tag = 'careloop-form';

// A page may load the widget twice: the first definition wins quietly.
if (!customElements.get(tag)) customElements.define(tag, CareloopForm);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-form': CareloopForm;
  }
  interface HTMLElementEventMap {
    'careloop-story-submitted': CustomEvent<{ id: string }>;
  }
}
