import { CareloopAdminStories } from './careloop-admin-stories.component.js';

export { CareloopAdminStories };

const tag = 'careloop-admin-stories';
if (!customElements.get(tag)) customElements.define(tag, CareloopAdminStories);

declare global {
  interface HTMLElementTagNameMap {
    'careloop-admin-stories': CareloopAdminStories;
  }
}
