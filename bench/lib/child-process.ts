import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { onExit } from './cleanup.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 10 * 60 * 1000;
const STOP_TIMEOUT_MS = 60 * 1000;

export interface TypeScriptChild<Ready> {
  readonly pid: number;
  /** `performance.now()` when it was spawned, to time later milestones from. */
  readonly spawnedAt: number;
  /** The first JSON line the child printed. */
  readonly ready: Ready;
  /** Milliseconds from spawn until that line arrived. */
  readonly readyMs: number;
  /** Closes the child's stdin (its signal to stop cleanly) and resolves with ms until it exited. */
  stop(): Promise<number>;
}

/**
 * Runs `bench/lib/<script>` under node + tsx and waits for its first stdout line, a JSON object.
 * The child is killed if the bench exits first; its stderr passes through to ours.
 */
export function spawnTypeScript<Ready>(
  script: string,
  args: string[],
  nodeFlags: string[] = [],
  /** How long it may take to print its first line (seeding a million stories takes half an hour). */
  readyTimeoutMs = READY_TIMEOUT_MS,
): Promise<TypeScriptChild<Ready>> {
  const scriptPath = fileURLToPath(new URL(script, import.meta.url));
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', scriptPath, ...args], {
    cwd: repositoryRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const forget = onExit(() => child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(forget);

  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${script} did not become ready in time`)), readyTimeoutMs);
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.once('error', fail);
    void exited.then((code) => fail(new Error(`${script} exited (code ${code}) before it was ready`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const newline = output.indexOf('\n');
      if (newline < 0) return;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      const readyMs = performance.now() - started;
      let ready: Ready;
      try {
        ready = JSON.parse(output.slice(0, newline)) as Ready;
      } catch {
        fail(new Error(`${script} printed something other than JSON: ${output.slice(0, newline)}`));
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ pid: child.pid!, spawnedAt: started, ready, readyMs, stop: () => stopChild(child, exited) });
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<number> {
  const started = performance.now();
  child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`child ${child.pid} exited with code ${code} while stopping`);
  return performance.now() - started;
}
