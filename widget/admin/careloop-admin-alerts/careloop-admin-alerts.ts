import { CareloopAdminAlerts } from './careloop-admin-alerts.component.js';

export { CareloopAdminAlerts };

const tag = 'careloop-admin-alerts';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminAlerts);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-alerts': CareloopAdminAlerts;
  }
}
