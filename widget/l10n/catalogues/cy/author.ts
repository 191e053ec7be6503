import type en from '../en/author.js';

const cy: Record<keyof typeof en, string> = {};
export default cy;
