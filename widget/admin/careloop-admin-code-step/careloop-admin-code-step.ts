import { CareloopAdminCodeStep } from './careloop-admin-code-step.component.js';

export { CareloopAdminCodeStep };

const tag = 'careloop-admin-code-step';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminCodeStep);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-code-step': CareloopAdminCodeStep;
  }
}
