import { CareloopAdminTwoStep } from './careloop-admin-two-step.component.js';

export { CareloopAdminTwoStep };

const tag = 'careloop-admin-two-step';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminTwoStep);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-two-step': CareloopAdminTwoStep;
  }
}
