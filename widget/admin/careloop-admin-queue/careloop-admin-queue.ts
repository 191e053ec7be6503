import { CareloopAdminQueue } from './careloop-admin-queue.component.js';

export { CareloopAdminQueue };

const tag = 'careloop-admin-queue';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminQueue);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-queue': CareloopAdminQueue;
  }
}
