/**
 * The admin chunk: `<careloop-admin>` and its sections. Loaded by `<careloop-stories>` with
 * `import('../admin/index.js')` only when someone asks to sign in, so the public bundle never carries it.
 */
export { CareloopAdmin } from './careloop-admin/careloop-admin.js';
export type { CareloopSignedInDetail } from './careloop-admin/careloop-admin.js';
