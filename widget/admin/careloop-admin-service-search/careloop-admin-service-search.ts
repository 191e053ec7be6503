import {
  CareloopAdminServiceSearch,
  type CareloopServiceChosenDetail,
} from './careloop-admin-service-search.component.js';

export { CareloopAdminServiceSearch };
export type { CareloopServiceChosenDetail };

const tag = 'careloop-admin-service-search';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminServiceSearch);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-service-search': CareloopAdminServiceSearch;
  }
  interface HTMLElementEventMap {
    'careloop-service-chosen': CustomEvent<CareloopServiceChosenDetail>;
  }
}
