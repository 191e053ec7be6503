import { spawn, type ChildProcess } from 'node:child_process';

/**
 * README commands run as a reader would type them: through bash, in the clone, with an environment
 * holding nothing of the outer `npm run` or of the developer's own careloop settings.
 */
export function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|CARELOOP_|MONGODB_URI$|SMTP_URL$|PORT$|LOG_LEVEL$|INIT_CWD$)/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

export interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one command line with bash and waits for it, feeding `input` to its standard input. */
export function runShell(
  command: string,
  options: { cwd: string; env?: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<ShellRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], {
      cwd: options.cwd,
      env: cleanEnvironment(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 5 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running command (npm start, npm run engine) in its own process group, as at a terminal. */
export interface Background {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Ctrl+C at the terminal: SIGINT to the whole process group; resolves with the exit code. */
  interrupt(): Promise<number | null>;
  /** Waits until `pattern` appears in what it printed (stdout and stderr together). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function startShell(
  command: string,
  options: { cwd: string; env?: Record<string, string> },
): Background {
  const child = spawn('bash', ['-c', command], {
    cwd: options.cwd,
    env: cleanEnvironment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async interrupt() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
    async waitFor(pattern, timeoutMs = 3 * 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null)
          throw new Error(`exited (${child.exitCode}) before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** Kills a background command and its children outright (a test that failed half-way). */
export function killGroup(background: Background | undefined): void {
  if (!background || background.child.exitCode !== null || background.child.signalCode !== null) return;
  try {
    process.kill(-background.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}
