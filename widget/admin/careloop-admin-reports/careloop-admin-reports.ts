import { CareloopAdminReports } from './careloop-admin-reports.component.js';

export { CareloopAdminReports };

const tag = 'careloop-admin-reports';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminReports);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-reports': CareloopAdminReports;
  }
  interface HTMLElementEventMap {
    'careloop-admin-open-story': CustomEvent<{ id: string }>;
  }
}
