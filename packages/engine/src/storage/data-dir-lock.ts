import { existsSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'careloop-engine.lock';

/** Lock paths held by this process: its own pid in a lock file is only stale if it is not in here. */
const heldByThisProcess = new Set<string>();

/**
 * One process owns a data directory at a time: two engines appending to one journal would interleave
 * their records. The lock is a file holding the owner's pid. It is created whole (written under a
 * private name, then hard-linked into place, which fails if the name exists), so nobody ever reads a
 * half-written lock. A lock whose pid is dead (the owner was SIGKILLed) is taken over; so is one
 * holding our own pid that this process does not hold, which is what a container restart that reuses
 * the pid looks like.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  static async acquire(dataDir: string): Promise<DataDirLock> {
    const path = resolve(join(dataDir, LOCK_FILE));
    if (heldByThisProcess.has(path)) throw inUse(dataDir, process.pid);
    // Claimed before the first await, so two opens in this process cannot both get past here.
    heldByThisProcess.add(path);
    try {
      await createLockFile(path, dataDir);
      return new DataDirLock(path);
    } catch (error) {
      heldByThisProcess.delete(path);
      throw error;
    }
  }

  async release(): Promise<void> {
    try {
      if ((await readOwner(this.path)) === process.pid) await unlink(this.path);
    } finally {
      heldByThisProcess.delete(this.path);
    }
  }
}

async function createLockFile(path: string, dataDir: string): Promise<void> {
  const privatePath = `${path}.${process.pid}.tmp`;
  await writeFile(privatePath, `${process.pid}\n`);
  try {
    // A few rounds: each round either takes the lock, fails because a live process owns it, or removes
    // a stale lock and tries again. Another process taking over the same stale lock at the same moment
    // can make us remove its fresh lock between its link and our unlink; two engines started on one
    // directory within microseconds of each other after a crash is the price of a lock without flock.
    for (let round = 0; round < 5; round += 1) {
      try {
        await link(privatePath, path);
        return;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const owner = await readOwner(path);
      if (owner === undefined) continue; // removed between our link and our read
      if (owner === null) {
        throw new Error(
          `data directory ${dataDir} has a lock file ${path} that does not hold a pid; ` +
            'remove it if no careloop engine is using the directory',
        );
      }
      if (owner !== process.pid && (await isAlive(owner))) throw inUse(dataDir, owner);
      await unlink(path).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw error;
      });
    }
    throw new Error(`could not take the lock of data directory ${dataDir}: it keeps changing hands`);
  } finally {
    await unlink(privatePath).catch(() => undefined);
  }
}

function inUse(dataDir: string, pid: number): Error {
  return new Error(`data directory ${dataDir} is in use by pid ${pid}`);
}

/** The pid in a lock file; undefined if there is no lock file, null if it holds something else. */
async function readOwner(path: string): Promise<number | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
  // A killed process that its parent has not reaped yet is a zombie: dead for our purposes.
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch (error) {
    // Gone since kill(pid, 0) if /proc exists; without /proc (not Linux) trust kill(pid, 0).
    return !(errorCode(error) === 'ENOENT' && existsSync('/proc/self/stat'));
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
