import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SOURCE_LOCALE, toSupportedLocale, type Catalogues, type Locale } from './catalogue.js';

/**
 * The values a message's `{name}` placeholders take, by name: a translator sees what each one is
 * (`{service}: {from} to {to}`), and may put them in any order the language needs.
 */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * The language an element should speak: its own `lang`, else its hosts' `lang` attributes, crossing
 * shadow roots, else the nearest `lang` in the page, so a Welsh page (`<html lang="cy">`) gets a Welsh
 * widget without configuring it. A `lang` inside a host's shadow root is skipped: it follows the host's
 * own language only once the host has caught up, and no mutation the controller watches says when.
 */
export function languageOf(element: Element): string | null {
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

/**
 * Gives a component `msg(key, values)` in the language of its place in the page and re-renders it when
 * that language changes or its catalogue arrives. Every part of the widget, public and admin, uses this
 * one controller with its own set of catalogues; languages other than English are fetched only when needed.
 */
export class LocaleController<Key extends string> implements ReactiveController {
  /** The locale the component is rendered in (once its catalogue has loaded). */
  locale: Locale = SOURCE_LOCALE;
  private catalogue: Readonly<Record<Key, string>> | undefined;
  private observer?: MutationObserver;
  private wanted: Locale = SOURCE_LOCALE;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly catalogues: Catalogues<Key>,
  ) {
    this.catalogue = catalogues.source;
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

  /**
   * The user-facing string for `key`, its placeholders filled from `values`; plain text, so templates
   * render it as text. A placeholder without a value is left as it is (a date pattern fills its own).
   * English until the element's own catalogue has arrived (see `ready`).
   */
  msg(key: Key, values?: MessageValues): string {
    const message = (this.catalogue ?? this.catalogues.source)[key];
    if (!values) return message;
    return message.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(values[name] ?? placeholder));
  }

  private followLanguage(): void {
    const wanted = toSupportedLocale(languageOf(this.host));
    if (wanted === this.wanted && this.catalogue) return;
    this.wanted = wanted;
    const ready = this.catalogues.ready(wanted);
    if (ready) {
      this.use(wanted, ready);
      return;
    }
    this.catalogue = undefined;
    this.host.requestUpdate();
    this.catalogues.load(wanted).then(
      (catalogue) => {
        if (this.wanted === wanted) this.use(wanted, catalogue);
      },
      () => {
        // The catalogue chunk could not be fetched: English is better than no words at all.
        if (this.wanted === wanted) this.use(SOURCE_LOCALE, this.catalogues.source);
      },
    );
  }

  private use(locale: Locale, catalogue: Readonly<Record<Key, string>>): void {
    if (this.locale === locale && this.catalogue === catalogue) return;
    this.locale = locale;
    this.catalogue = catalogue;
    this.host.requestUpdate();
  }
}
