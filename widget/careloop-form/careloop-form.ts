import { addEnglish } from '../l10n/catalogues/en.js';
import english from '../l10n/catalogues/en/demographics.js';
import { nextTask } from '../shared/tasks.js';
import { CareloopForm } from './careloop-form.component.js';

// The questions about the author are only ever asked on the form: their words travel with it.
addEnglish(english);

export { CareloopForm };

const tag = 'careloop-form';

// Defined in a task of its own, not in the one that runs the form's chunk (together, a long task on a
// slow phone). A page may load the widget twice: the first definition wins quietly.
void nextTask().then(() => {
  if (!customElements.get(tag)) customElements.define(tag, CareloopForm);
});

declare global {
  interface HTMLElementTagNameMap {
    'careloop-form': CareloopForm;
  }
  interface HTMLElementEventMap {
    'careloop-story-submitted': CustomEvent<{ id: string }>;
  }
}
