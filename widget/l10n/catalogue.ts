import en from './catalogues/en.js';

import type { Catalogue } from './catalogue-type.js';

export type { Catalogue, MessageKey } from './catalogue-type.js';

/** Locales the widget can speak; `en` is built in, the others are separate chunks loaded on demand. */
export const SUPPORTED_LOCALES = ['en', 'cy', 'gd'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const SOURCE_LOCALE: Locale = 'en';

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Catalogue }>> = {
  cy: () => import('./catalogues/cy.js'),
  gd: () => import('./catalogues/gd.js'),
};

const loading = new Map<Locale, Promise<Catalogue>>([['en', Promise.resolve(en)]]);
const loaded = new Map<Locale, Catalogue>([['en', en]]);

/** The catalogue for a locale if it has already been loaded, so rendering never waits on a resolved one. */
export function loadedCatalogue(locale: Locale): Catalogue | undefined {
  return loaded.get(locale);
}

/** Loads a locale's catalogue once, however many elements ask for it. */
export function loadCatalogue(locale: Locale): Promise<Catalogue> {
  let promise = loading.get(locale);
  if (!promise) {
    promise = loaders[locale as Exclude<Locale, 'en'>]().then(({ default: catalogue }) => {
      loaded.set(locale, catalogue);
      return catalogue;
    });
    // A failed chunk load (network blip) may be retried by the next element that asks.
    promise.catch(() => loading.delete(locale));
    loading.set(locale, promise);
  }
  return promise;
}

/** `cy`, `CY`, `cy-GB` → `cy`; anything we do not speak → English. */
export function toSupportedLocale(languageTag: string | null | undefined): Locale {
  const primary = (languageTag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : SOURCE_LOCALE;
}
