import { CareloopAdminWebhooks } from './careloop-admin-webhooks.component.js';

export { CareloopAdminWebhooks };

const tag = 'careloop-admin-webhooks';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-webhooks': CareloopAdminWebhooks;
  }
}
