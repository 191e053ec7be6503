import type en from '../en/author.js';

const gd: Record<keyof typeof en, string> = {};
export default gd;
