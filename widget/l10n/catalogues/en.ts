import type author from './en/author.js';
import type demographics from './en/demographics.js';
import common from './en/common.js';
import form from './en/form.js';
import publicMode from './en/public.js';

type English = typeof common & typeof publicMode & typeof form & typeof demographics & typeof author;

/**
 * English: the source catalogue, one file per area of the widget so engineers can add strings side by
 * side. Every other catalogue must translate every key here (the type checker enforces it), so a
 * missing translation is a build error rather than a silent English string.
 *
 * Author mode's strings travel with its code, which only the few who open a private link download:
 * `careloop-author` adds them here (addEnglish) before it defines its element, so they are in place
 * before anything asks for them. The form's optional questions about the author come with the form's
 * own chunk the same way (`careloop-form`).
 */
const en = { ...common, ...publicMode, ...form } as English;

/** Adds the English strings of a part of the widget loaded on demand. */
export function addEnglish(strings: Partial<English>): void {
  Object.assign(en, strings);
}

export default en;
