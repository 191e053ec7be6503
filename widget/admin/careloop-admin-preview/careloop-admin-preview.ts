import { CareloopAdminPreview } from './careloop-admin-preview.component.js';

export { CareloopAdminPreview };

const tag = 'careloop-admin-preview';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminPreview);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-preview': CareloopAdminPreview;
  }
}
