import { CareloopAdminOnBehalf } from './careloop-admin-on-behalf.component.js';

export { CareloopAdminOnBehalf };

const tag = 'careloop-admin-on-behalf';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminOnBehalf);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-on-behalf': CareloopAdminOnBehalf;
  }
}
