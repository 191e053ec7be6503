export { LocaleController, languageOf } from './locale-controller.js';
export {
  SUPPORTED_LOCALES,
  toSupportedLocale,
  type Locale,
  type MessageKey,
  type Catalogue,
} from './catalogue.js';
