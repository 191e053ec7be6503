import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document } from 'bson';
import { errorCode } from './data-dir-lock.js';
import {
  FILE_HEADER_BYTES,
  JOURNAL_MAGIC,
  decodeFileHeader,
  encodeFileHeader,
  findLaterBatch,
  readFrames,
} from './record-file.js';
import { readSnapshot } from './snapshot-file.js';

/**
 * The files of a data directory and how they are recovered.
 *
 *   snapshot.bson        the last completed compaction; its header names generation G
 *   journal-G.log ...    the journals that follow it, consecutive generations, appended in order
 *   snapshot-N.tmp       a compaction in progress (deleted on open: it was never renamed in)
 *
 * Compaction to generation N first switches appends to journal-N, then renames snapshot-N.tmp over
 * snapshot.bson, then deletes journals before N. So the directory always recovers to "snapshot, then
 * every journal from its generation on": before the rename that is the old snapshot followed by
 * journal-(N-1) and journal-N (the appends acknowledged during compaction), after it the new snapshot
 * followed by journal-N. Journals older than the snapshot are leftovers of a crash before their deletion.
 */
export const SNAPSHOT_FILE = 'snapshot.bson';
export const journalFileName = (generation: number) => `journal-${generation}.log`;
export const snapshotTempName = (generation: number) => `snapshot-${generation}.tmp`;
const JOURNAL_NAME = /^journal-(\d+)\.log$/;
const SNAPSHOT_TEMP_NAME = /^snapshot-\d+\.tmp$/;

/** The journal that appends go to. */
export interface ActiveJournal {
  file: FileHandle;
  generation: number;
  size: number;
}

export interface RecoveredDirectory {
  snapshot: Document[];
  journal: Document[];
  snapshotBytes: number;
  journalBytes: number;
  active: ActiveJournal;
}

/** Creates journal-<generation>.log durably: its header and its directory entry are fsynced. */
export async function createJournalFile(dataDir: string, generation: number): Promise<ActiveJournal> {
  const file = await open(join(dataDir, journalFileName(generation)), 'wx');
  try {
    await file.write(encodeFileHeader(JOURNAL_MAGIC, generation), 0, FILE_HEADER_BYTES, 0);
    await file.datasync();
    await syncDirectory(dataDir);
  } catch (error) {
    await file.close();
    throw error;
  }
  return { file, generation, size: FILE_HEADER_BYTES };
}

/** Makes creations, renames and deletions in the directory durable (POSIX: fsync the directory). */
export async function syncDirectory(dataDir: string): Promise<void> {
  const directory = await open(dataDir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

interface ScannedJournal {
  path: string;
  generation: number;
  file: FileHandle;
  records: Document[];
  /** Where the file must be cut: a torn tail, or 0 for a header that never got written whole. */
  cutAt: number | null;
  size: number;
}

export async function recoverDirectory(dataDir: string): Promise<RecoveredDirectory> {
  const names = await readdir(dataDir);
  for (const name of names.filter((name) => SNAPSHOT_TEMP_NAME.test(name))) {
    await unlink(join(dataDir, name));
  }
  const snapshotPath = join(dataDir, SNAPSHOT_FILE);
  const snapshot = names.includes(SNAPSHOT_FILE) ? await readSnapshot(snapshotPath) : null;
  const generations = names
    .map((name) => JOURNAL_NAME.exec(name)?.[1])
    .filter((digits) => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);

  const firstGeneration = snapshot?.generation ?? 1;
  const chain = generations.filter((generation) => generation >= firstGeneration);
  chain.forEach((generation, index) => {
    if (generation === firstGeneration + index) return;
    const missing = journalFileName(firstGeneration + index);
    throw new Error(
      `data directory ${dataDir} is incomplete: ${missing} is missing but ${journalFileName(generation)} ` +
        `exists${snapshot ? '' : ` (and there is no ${SNAPSHOT_FILE})`}; refusing to start without the ` +
        'records in between',
    );
  });

  const scanned: ScannedJournal[] = [];
  try {
    for (const generation of chain) scanned.push(await scanJournal(dataDir, generation));
    const tornIndex = scanned.findIndex((journal) => journal.cutAt !== null);
    const laterWithRecords = scanned.findIndex(
      (journal, index) => index > tornIndex && journal.records.length,
    );
    if (tornIndex !== -1 && laterWithRecords !== -1) {
      // A later journal is only written after everything before it was fsynced.
      const torn = scanned[tornIndex]!;
      throw new Error(
        `journal ${torn.path} is corrupt at byte ${torn.cutAt}: it ends in a damaged record but ` +
          `${scanned[laterWithRecords]!.path} holds later records`,
      );
    }
    for (const journal of scanned) await cutTornTail(journal);
  } catch (error) {
    await Promise.all(scanned.map((journal) => journal.file.close()));
    throw error;
  }

  for (const journal of scanned.slice(0, -1)) await journal.file.close();
  for (const generation of generations.filter((generation) => generation < firstGeneration)) {
    await unlink(join(dataDir, journalFileName(generation)));
  }
  const last = scanned.at(-1);
  const active = last
    ? { file: last.file, generation: last.generation, size: last.size }
    : await createJournalFile(dataDir, firstGeneration);
  return {
    snapshot: snapshot?.records ?? [],
    journal: scanned.flatMap((journal) => journal.records),
    snapshotBytes: snapshot?.bytes ?? 0,
    journalBytes: scanned.reduce((total, journal) => total + journal.size - FILE_HEADER_BYTES, 0),
    active,
  };
}

async function scanJournal(dataDir: string, generation: number): Promise<ScannedJournal> {
  const path = join(dataDir, journalFileName(generation));
  const file = await open(path, 'r+');
  try {
    const { size } = await file.stat();
    const journal: ScannedJournal = { path, generation, file, records: [], cutAt: null, size };
    // Shorter than a header: the crash came while the file was being created, before any append.
    if (size < FILE_HEADER_BYTES) return { ...journal, cutAt: 0 };
    const header = Buffer.alloc(FILE_HEADER_BYTES);
    await file.read(header, 0, FILE_HEADER_BYTES, 0);
    const headerGeneration = decodeFileHeader(header, JOURNAL_MAGIC, path);
    if (headerGeneration !== generation) {
      throw new Error(`journal ${path} is corrupt: its header says generation ${headerGeneration}`);
    }
    const scan = await readFrames(file, FILE_HEADER_BYTES, size, (record) => journal.records.push(record));
    if (!scan.bad) return journal;
    const laterBatch = await findLaterBatch(file, scan.bad.offset, size);
    if (laterBatch !== null) {
      throw new Error(
        `journal ${path} is corrupt at byte ${scan.bad.offset}: ${scan.bad.reason}, and records written ` +
          `after it follow at byte ${laterBatch}, so this is damage, not a torn write; refusing to start`,
      );
    }
    return { ...journal, cutAt: scan.bad.offset };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** Drops a torn tail so that records appended from now on follow the last good one and stay readable. */
async function cutTornTail(journal: ScannedJournal): Promise<void> {
  if (journal.cutAt === null) return;
  if (journal.cutAt === 0) {
    await journal.file.truncate(0);
    await journal.file.write(encodeFileHeader(JOURNAL_MAGIC, journal.generation), 0, FILE_HEADER_BYTES, 0);
    journal.size = FILE_HEADER_BYTES;
  } else {
    await journal.file.truncate(journal.cutAt);
    journal.size = journal.cutAt;
  }
  await journal.file.datasync();
}

export async function removeJournalsBefore(dataDir: string, generation: number): Promise<void> {
  for (const name of await readdir(dataDir)) {
    const match = JOURNAL_NAME.exec(name);
    if (match && Number(match[1]) < generation) {
      await unlink(join(dataDir, name)).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw error;
      });
    }
  }
}
