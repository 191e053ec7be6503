import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The file in a data directory that says where the engine holding it listens, so a tool started
 * beside it (careloop's command line, an operator with mongosh) connects to the running engine
 * rather than failing on the directory's lock. It lives as long as the engine listens.
 */
export const ADDRESS_FILE = 'careloop-engine.uri';

export async function writeAddressFile(dataDir: string, uri: string): Promise<void> {
  // Written whole, then renamed into place: a reader never sees half an address.
  const temporary = join(dataDir, `${ADDRESS_FILE}.${process.pid}.tmp`);
  await writeFile(temporary, `${uri}\n`);
  await rename(temporary, join(dataDir, ADDRESS_FILE));
}

export async function removeAddressFile(dataDir: string): Promise<void> {
  await rm(join(dataDir, ADDRESS_FILE), { force: true });
}

/**
 * The mongodb:// URI of the engine that holds `dataDir`, or undefined when none says so. Only worth
 * asking once the directory's lock says a live process holds it: a killed engine leaves its file.
 */
export async function runningEngineUri(dataDir: string): Promise<string | undefined> {
  const text = await readFile(join(dataDir, ADDRESS_FILE), 'utf8').catch(() => undefined);
  const uri = text?.trim();
  return uri?.startsWith('mongodb://127.0.0.1:') ? uri : undefined;
}
