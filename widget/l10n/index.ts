export { LocaleController, languageOf, type MessageValues } from './locale-controller.js';
export {
  Catalogues,
  SUPPORTED_LOCALES,
  toSupportedLocale,
  widgetCatalogues,
  type Locale,
  type MessageKey,
  type Catalogue,
} from './catalogue.js';
