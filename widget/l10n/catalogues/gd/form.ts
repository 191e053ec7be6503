import type en from '../en/form.js';

const gd: Record<keyof typeof en, string> = {};
export default gd;
