import { cy } from './cy.js';
import { en, type ServerCatalogue } from './en.js';
import { gd } from './gd.js';

export type { ServerCatalogue } from './en.js';

/** The languages the service writes in: English, Welsh and Scottish Gaelic, as the widget does. */
export const languages = ['en', 'cy', 'gd'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'en';

const catalogues: Record<Language, ServerCatalogue> = { en, cy, gd };

/** Locales for dates, so English pages say "Tuesday, 1 December 2026", not US order. */
const dateLocales: Record<Language, string> = { en: 'en-GB', cy: 'cy', gd: 'gd' };

/** The words of `language` (English for anything else). */
export function catalogueFor(language: Language | null | undefined): ServerCatalogue {
  return catalogues[language ?? defaultLanguage] ?? en;
}

/** `cy`, `CY`, `cy-GB` → `cy`; a tag we do not write in → undefined. */
export function toLanguage(tag: unknown): Language | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return languages.find((language) => language === primary);
}

/**
 * The first language in an `Accept-Language` header that we write in, by the weights the browser gave
 * (`cy-GB, cy;q=0.9, en;q=0.8`); undefined when none is.
 */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { language: toLanguage(tag), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.language && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.language;
}

/** "A", "A and B", "A, B and C" in `language`. */
export function listIn(language: Language, items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${catalogueFor(language).listAnd(items.at(-1) as string)}`;
}

/** A UTC day (`YYYY-MM-DD`) as a person writes it in `language`, with its weekday. */
export function longDay(language: Language, day: string): string {
  const written = new Date(`${day}T00:00:00Z`).toLocaleDateString(dateLocales[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  // "ar ddydd Mawrth": the weekday after "ar" takes a soft mutation in Welsh.
  return language === 'cy' ? written.replace(/^Dydd /, 'ddydd ') : written;
}

/**
 * The language to answer a person in: the one a link names (`?lang=`, which email links carry), else
 * the one recorded on what the link is about, else the browser's `Accept-Language`, else English.
 */
export function chooseLanguage(sources: {
  asked?: unknown;
  recorded?: Language | null;
  acceptLanguage?: string;
}): Language {
  return (
    toLanguage(sources.asked) ??
    sources.recorded ??
    fromAcceptLanguage(sources.acceptLanguage) ??
    defaultLanguage
  );
}
