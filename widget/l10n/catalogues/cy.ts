import type { Catalogue } from '../catalogue-type.js';
import author from './cy/author.js';
import demographics from './cy/demographics.js';
import common from './cy/common.js';
import form from './cy/form.js';
import publicMode from './cy/public.js';

/** Welsh (Cymraeg). Loaded only when a page or element asks for `lang="cy"`. */
const cy: Catalogue = { ...common, ...publicMode, ...form, ...demographics, ...author };

export default cy;
