import { CareloopAdminApiKeys } from './careloop-admin-api-keys.component.js';

export { CareloopAdminApiKeys };

const tag = 'careloop-admin-api-keys';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminApiKeys);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-api-keys': CareloopAdminApiKeys;
  }
}
