import type en from '../en/public.js';

const cy: Record<keyof typeof en, string> = {};
export default cy;
