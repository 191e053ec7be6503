import type en from '../en/form.js';

const cy: Record<keyof typeof en, string> = {};
export default cy;
