import type { Models } from '../index.js';

/**
 * One change to the stored shapes, run once per deployment, in version order, before the service
 * serves. `up` must be idempotent: an instance that dies part-way leaves it unrecorded, and the next
 * start runs it again from the beginning over whatever it had already changed.
 */
export interface Migration {
  /** 1, 2, 3…: the schema version the data is at once this has run. Never reused or reordered. */
  version: number;
  /** What it does, in kebab-case, as the record and the log name it. */
  name: string;
  up(models: Models): Promise<void>;
}
