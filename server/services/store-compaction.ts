import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Models } from '../models/index.js';
import type { ServiceDeps } from './service-deps.js';
import { mailFileEnding } from './mail/transport.js';

/**
 * Makes deleted personal data leave the disk, not only the answers. A delete or overwrite in MongoDB
 * (and in the embedded engine's journal) leaves the old bytes in the data files until they are
 * rewritten; after an erasure this runs MongoDB's `compact` on each collection that held the data
 * (on the embedded engine one compaction rewrites every collection: a new snapshot and the journals
 * before it deleted), and removes the `.eml` files of the messages that went.
 *
 * Requests made while a run is in progress are gathered into the next one, so a burst of erasures
 * costs two compactions, not one each; a run starts as soon as the one before it ends. So the bound
 * is: the data leaves the files within one compaction after the erasure's answer (about a second at
 * 10,000 stories on the embedded engine; docs/decisions/2026-12-07-erasure.md).
 */
export class StoreCompaction {
  private readonly collections = new Set<string>();
  private readonly mailFiles = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Compacts `collections` and removes the `.eml` files of the messages with `dedupeKeys`, soon; the
   * promise settles (never rejects) once that is done. Erasure does not wait for it: its answer would
   * wait on the whole store's rewrite.
   */
  request(collections: Iterable<keyof Models>, dedupeKeys: Iterable<string> = []): Promise<void> {
    for (const name of collections) this.collections.add(this.deps.models[name].collection.collectionName);
    for (const key of dedupeKeys) this.mailFiles.add(mailFileEnding(key));
    // A message being sent as it was erased may have its file written after this: a second look, after
    // the compaction, removes that one too.
    void this.removeMailFiles([...this.mailFiles]);
    this.chain = this.chain.then(() => this.run());
    return this.chain;
  }

  /** Settles once every compaction requested so far has run. */
  settled(): Promise<void> {
    return this.chain;
  }

  private async run(): Promise<void> {
    const collections = [...this.collections];
    const mailFiles = [...this.mailFiles];
    this.collections.clear();
    this.mailFiles.clear();
    if (collections.length === 0 && mailFiles.length === 0) return;
    const started = Date.now();
    let bytesFreed = 0;
    const db = this.deps.models.stories.db.db;
    for (const collection of collections) {
      try {
        const answer = await db?.command({ compact: collection });
        bytesFreed += typeof answer?.bytesFreed === 'number' ? answer.bytesFreed : 0;
      } catch (error) {
        // An unauthorised user on MongoDB, a collection never created: the operator's guide says what to do.
        this.deps.logger.warn({ err: error, collection }, 'erasure: could not compact a collection');
      }
    }
    await this.removeMailFiles(mailFiles);
    this.deps.logger.info(
      { collections, bytesFreed, ms: Date.now() - started },
      'erasure: data files rewritten',
    );
  }

  /** Removes from the `.eml` folder each file ending as one of `endings` (nothing without the folder). */
  private async removeMailFiles(endings: string[]): Promise<void> {
    if (endings.length === 0 || this.deps.config.smtpUrl) return;
    const { mailDir } = this.deps.config;
    const names = await readdir(mailDir).catch(() => [] as string[]);
    const doomed = names.filter((name) => endings.some((ending) => name.endsWith(ending)));
    await Promise.all(doomed.map((name) => rm(join(mailDir, name), { force: true })));
  }
}
