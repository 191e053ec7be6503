import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toSupportedLocale, type Locale } from '../../l10n/index.js';
import en from './en.js';

export type AdminKey = keyof typeof en;
export type AdminCatalogue = Readonly<Record<AdminKey, string>>;

/** True for a key the catalogues have (every language has every English key: a test checks). */
export function isAdminKey(key: string): key is AdminKey {
  return Object.hasOwn(en, key);
}

const loaders = {
  cy: () => import('./cy.js'),
  gd: () => import('./gd.js'),
};
const loaded = new Map<Locale, AdminCatalogue>([['en', en]]);
const loading = new Map<Locale, Promise<AdminCatalogue>>();

function load(locale: Exclude<Locale, 'en'>): Promise<AdminCatalogue> {
  let promise = loading.get(locale);
  if (!promise) {
    promise = loaders[locale]().then(({ default: catalogue }) => {
      loaded.set(locale, catalogue);
      return catalogue;
    });
    promise.catch(() => loading.delete(locale));
    loading.set(locale, promise);
  }
  return promise;
}

/**
 * The language an admin element speaks: its own `lang`, else its hosts' `lang` attributes, else the
 * nearest `lang` in the page. A `lang` inside a host's shadow root is skipped: it follows the host's own
 * language only once the host has caught up, and no mutation tells us when.
 */
export function adminLanguageOf(element: Element): string | null {
  let node = element;
  for (;;) {
    const lang = node.getAttribute('lang');
    if (lang !== null) return lang;
    const root = node.getRootNode();
    if (!(root instanceof ShadowRoot)) break;
    node = root.host;
  }
  return node.closest('[lang]')?.getAttribute('lang') ?? null;
}

/** `t(key, ...values)` in the element's language; re-renders the element when the language changes. */
export class AdminLocale implements ReactiveController {
  locale: Locale = 'en';
  private catalogue: AdminCatalogue | undefined = en;
  private observer?: MutationObserver;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** False while a catalogue is on its way: render no words rather than the wrong ones. */
  get ready(): boolean {
    return this.catalogue !== undefined;
  }

  hostConnected(): void {
    this.follow();
    this.observer = new MutationObserver(() => this.follow());
    this.observer.observe(this.host.ownerDocument.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  t(key: AdminKey, ...values: Array<string | number>): string {
    if (!this.catalogue) return '';
    return this.catalogue[key].replace(/\{(\d)\}/g, (_, i: string) => String(values[Number(i)] ?? ''));
  }

  private follow(): void {
    const wanted = toSupportedLocale(adminLanguageOf(this.host));
    const ready = loaded.get(wanted);
    if (ready) return this.use(wanted, ready);
    this.catalogue = undefined;
    this.locale = wanted;
    this.host.requestUpdate();
    load(wanted as Exclude<Locale, 'en'>).then(
      (catalogue) => this.locale === wanted && this.use(wanted, catalogue),
      () => this.locale === wanted && this.use('en', en),
    );
  }

  private use(locale: Locale, catalogue: AdminCatalogue): void {
    if (this.locale === locale && this.catalogue === catalogue) return;
    this.locale = locale;
    this.catalogue = catalogue;
    this.host.requestUpdate();
  }
}
