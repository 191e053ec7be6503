import { CareloopAdmin, type CareloopSignedInDetail } from './careloop-admin.component.js';

export { CareloopAdmin };
export type { CareloopSignedInDetail };

const tag = 'careloop-admin';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin': CareloopAdmin;
  }
  interface HTMLElementEventMap {
    'careloop-signed-in': CustomEvent<CareloopSignedInDetail>;
    'careloop-signed-out': CustomEvent<Record<string, never>>;
    'careloop-admin-close': CustomEvent<Record<string, never>>;
  }
}
