import type { Catalogue } from '../catalogue-type.js';
import author from './gd/author.js';
import demographics from './gd/demographics.js';
import common from './gd/common.js';
import form from './gd/form.js';
import publicMode from './gd/public.js';

/** Scottish Gaelic (Gàidhlig). Loaded only when a page or element asks for `lang="gd"`. */
const gd: Catalogue = { ...common, ...publicMode, ...form, ...demographics, ...author };

export default gd;
