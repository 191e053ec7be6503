import en from './catalogues/en.js';
import type { MessageKey } from './catalogue-type.js';

export type { Catalogue, MessageKey } from './catalogue-type.js';

/** Locales the widget can speak; `en` is built in, the others are separate chunks loaded on demand. */
export const SUPPORTED_LOCALES = ['en', 'cy', 'gd'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const SOURCE_LOCALE: Locale = 'en';

/**
 * The catalogues of one part of the widget: English built in, the other languages chunks loaded once
 * per page however many elements ask. The public parts have one set, the admin chunk its own, so staff
 * strings never weigh on the public bundle; one `LocaleController` serves both.
 */
export class Catalogues<Key extends string> {
  private readonly loading = new Map<Locale, Promise<Readonly<Record<Key, string>>>>();
  private readonly loaded = new Map<Locale, Readonly<Record<Key, string>>>();

  constructor(
    /** English: the source every other catalogue translates key for key (the type checker says so). */
    readonly source: Readonly<Record<Key, string>>,
    private readonly loaders: Record<
      Exclude<Locale, 'en'>,
      () => Promise<{ default: Readonly<Record<Key, string>> }>
    >,
  ) {
    this.loaded.set(SOURCE_LOCALE, source);
    this.loading.set(SOURCE_LOCALE, Promise.resolve(source));
  }

  /** The catalogue for a locale if it has already been loaded, so rendering never waits on a resolved one. */
  ready(locale: Locale): Readonly<Record<Key, string>> | undefined {
    return this.loaded.get(locale);
  }

  /** Loads a locale's catalogue once, however many elements ask for it. */
  load(locale: Locale): Promise<Readonly<Record<Key, string>>> {
    let promise = this.loading.get(locale);
    if (!promise) {
      promise = this.loaders[locale as Exclude<Locale, 'en'>]().then(({ default: catalogue }) => {
        this.loaded.set(locale, catalogue);
        return catalogue;
      });
      // A failed chunk load (network blip) may be retried by the next element that asks.
      promise.catch(() => this.loading.delete(locale));
      this.loading.set(locale, promise);
    }
    return promise;
  }
}

/** The public parts' catalogues: the list, the badge, the form and author mode. */
export const widgetCatalogues = new Catalogues<MessageKey>(en, {
  cy: () => import('./catalogues/cy.js'),
  gd: () => import('./catalogues/gd.js'),
});

/** `cy`, `CY`, `cy-GB` → `cy`; anything we do not speak → English. */
export function toSupportedLocale(languageTag: string | null | undefined): Locale {
  const primary = (languageTag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : SOURCE_LOCALE;
}
