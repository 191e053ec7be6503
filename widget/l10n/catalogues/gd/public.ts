import type en from '../en/public.js';

const gd: Record<keyof typeof en, string> = {};
export default gd;
