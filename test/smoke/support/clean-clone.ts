import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A fresh `git clone` of the project, with the working tree's uncommitted changes laid over it (so a
 * developer smoke-tests what they are about to commit). Ignored files — `node_modules/`, `dist/`,
 * `data/` — never come along: whatever the README's commands need, they must make themselves.
 */
export async function cloneWorkingTree(root: string): Promise<string> {
  const clone = join(await mkdtemp(join(tmpdir(), 'careloop-smoke-')), 'careloop');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone]);
  const changed = gitFiles(root, ['--modified', '--others', '--exclude-standard']);
  for (const file of changed) {
    const source = join(root, file);
    if (!existsSync(source)) continue; // deleted: handled below
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    copyFileSync(source, join(clone, file));
  }
  for (const file of gitFiles(root, ['--deleted'])) rmSync(join(clone, file), { force: true });
  return clone;
}

function gitFiles(root: string, options: string[]): string[] {
  return execFileSync('git', ['-C', root, 'ls-files', '-z', ...options], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
}

/** Hard-links `root`'s installed packages into `clone` (nothing when there are none or linking fails). */
export function seedPackages(root: string, clone: string): void {
  if (!existsSync(join(root, 'node_modules')) || existsSync(join(clone, 'node_modules'))) return;
  try {
    execFileSync('cp', ['-al', join(root, 'node_modules'), join(clone, 'node_modules')]);
  } catch {
    rmSync(join(clone, 'node_modules'), { recursive: true, force: true });
  }
}
