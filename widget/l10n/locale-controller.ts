import type { ReactiveController, ReactiveControllerHost } from 'lit';
import en from './catalogues/en.js';
import {
  loadCatalogue,
  loadedCatalogue,
  SOURCE_LOCALE,
  toSupportedLocale,
  type Catalogue,
  type Locale,
  type MessageKey,
} from './catalogue.js';

/**
 * The language the element should speak: its own `lang`, else the nearest ancestor's, crossing shadow
 * roots, so a Welsh page (`<html lang="cy">`) gets a Welsh widget without configuring it.
 */
export function languageOf(element: Element): string | null {
  let node: Element | null = element;
  while (node) {
    const withLang: Element | null = node.closest('[lang]');
    if (withLang) return withLang.getAttribute('lang');
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * Gives a component `msg(key)` in the language of its place in the page and re-renders it when that
 * language changes or its catalogue arrives. Non-English catalogues are fetched only when needed.
 */
export class LocaleController implements ReactiveController {
  /** The locale the component is rendered in (once its catalogue has loaded). */
  locale: Locale = SOURCE_LOCALE;
  private catalogue: Catalogue | undefined = en;
  private observer?: MutationObserver;
  private wanted: Locale = SOURCE_LOCALE;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** False while a catalogue is being fetched: render no words rather than the wrong language. */
  get ready(): boolean {
    return this.catalogue !== undefined;
  }

  hostConnected(): void {
    this.followLanguage();
    this.observer = new MutationObserver(() => this.followLanguage());
    // `lang` on the element or any ancestor may change after load (a page's language switcher).
    this.observer.observe(this.host.ownerDocument.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** The user-facing string for `key`; plain text, so templates render it as text. */
  msg(key: MessageKey): string {
    return (this.catalogue ?? en)[key];
  }

  private followLanguage(): void {
    const wanted = toSupportedLocale(languageOf(this.host));
    if (wanted === this.wanted && this.catalogue) return;
    this.wanted = wanted;
    const ready = loadedCatalogue(wanted);
    if (ready) {
      this.use(wanted, ready);
      return;
    }
    this.catalogue = undefined;
    this.host.requestUpdate();
    loadCatalogue(wanted).then(
      (catalogue) => {
        if (this.wanted === wanted) this.use(wanted, catalogue);
      },
      () => {
        // The catalogue chunk could not be fetched: English is better than no words at all.
        if (this.wanted === wanted) this.use(SOURCE_LOCALE, en);
      },
    );
  }

  private use(locale: Locale, catalogue: Catalogue): void {
    if (this.locale === locale && this.catalogue === catalogue) return;
    this.locale = locale;
    this.catalogue = catalogue;
    this.host.requestUpdate();
  }
}
