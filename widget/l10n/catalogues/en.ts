import author from './en/author.js';
import common from './en/common.js';
import form from './en/form.js';
import publicMode from './en/public.js';

/**
 * English: the source catalogue, one file per area of the widget so engineers can add strings side by
 * side. Every other catalogue must translate every key here (the type checker enforces it), so a
 * missing translation is a build error rather than a silent English string.
 */
const en = { ...common, ...publicMode, ...form, ...author };

export default en;
