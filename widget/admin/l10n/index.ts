import { Catalogues } from '../../l10n/index.js';
import en from './en.js';

export type AdminKey = keyof typeof en;
export type AdminCatalogue = Readonly<Record<AdminKey, string>>;

/** True for a key the catalogues have (every language has every English key: a test checks). */
export function isAdminKey(key: string): key is AdminKey {
  return Object.hasOwn(en, key);
}

/**
 * The admin chunk's catalogues, read through the widget's one `LocaleController`: English travels with
 * the chunk, Welsh and Gaelic are chunks of their own, loaded only when a staff member speaks them.
 */
export const adminCatalogues = new Catalogues<AdminKey>(en, {
  cy: () => import('./cy.js'),
  gd: () => import('./gd.js'),
});
