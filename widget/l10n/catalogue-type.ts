import type en from './catalogues/en.js';

/** A catalogue's keys are English's: every other language's catalogue has each of them. */
export type MessageKey = keyof typeof en;
export type Catalogue = Readonly<Record<MessageKey, string>>;
