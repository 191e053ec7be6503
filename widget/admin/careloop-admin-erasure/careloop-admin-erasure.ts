import { CareloopAdminErasure } from './careloop-admin-erasure.component.js';

export { CareloopAdminErasure };

const tag = 'careloop-admin-erasure';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminErasure);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-erasure': CareloopAdminErasure;
  }
}
