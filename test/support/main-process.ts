import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { projectRoot } from '../../server/platform/config.js';
import { builtEntry } from './built-server/index.js';

/** The real entry point, built (`dist/server/main.js`), running in a child process as `npm start` runs it. */
export interface RunningMain {
  child: ChildProcess;
  baseUrl: string;
  /** The embedded engine's mongodb:// URI, as the service logged it. */
  engineUri: string;
  /** The absolute URL the service puts in links, as it logged it. */
  publicUrl: string;
  /** Everything written to stderr so far (the plain-text banner goes there). */
  stderr: () => string;
  /** Every log line written to stdout so far. */
  stdout: () => string;
  exited: Promise<number | null>;
}

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/** The environment of the built entry point: a free port, `dataDir`, none of the developer's settings. */
export function mainEnvironment(dataDir: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    CARELOOP_DATA_DIR: dataDir,
    MONGODB_URI: '',
    SMTP_URL: '',
    CARELOOP_DEMO: '',
    CARELOOP_ADMIN_EMAIL: '',
    CARELOOP_ADMIN_PASSWORD: '',
    CARELOOP_TOTP_REQUIRED_ROLES: '',
    CARELOOP_PUBLIC_URL: '',
    LOG_LEVEL: 'info',
    ...env,
  };
}

/**
 * Runs the built entry point on a free port and a data directory, with none of the developer's own careloop
 * settings leaking in; resolves once the banner is printed.
 */
export async function startMain(dataDir: string, env: Record<string, string> = {}): Promise<RunningMain> {
  const child = spawn(process.execPath, [builtEntry('server/main.ts')], {
    cwd: projectRoot(),
    env: mainEnvironment(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  let engineUri = '';
  let publicUrl = '';
  let port = 0;
  let stdout = '';
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    stdout += `${line}\n`;
    const entry = JSON.parse(line) as { msg?: string; uri?: string; port?: number; publicUrl?: string };
    if (entry.msg === 'store connected' && entry.uri) engineUri = entry.uri;
    if (entry.msg?.startsWith('careloop listening') && entry.port) {
      port = entry.port;
      publicUrl = entry.publicUrl ?? '';
    }
  });
  const deadline = Date.now() + 60_000;
  // The plain-text banner is for a developer's embedded store; on MONGODB_URI listening is enough.
  const bannerExpected = !env.MONGODB_URI;
  while (!(port && (!bannerExpected || stderr.includes('Stop with Ctrl+C')))) {
    if (child.exitCode !== null) throw new Error(`main exited before it was ready\n${stderr}`);
    if (Date.now() > deadline) {
      // Not left running (with its engine and workers) to slow down every test after this one.
      child.kill('SIGKILL');
      throw new Error(`main was not ready in time\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    engineUri,
    publicUrl,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
  };
}

/** SIGTERM, and the process must exit cleanly. */
export async function stopMain(main: RunningMain | undefined): Promise<void> {
  if (!main || main.child.exitCode !== null || main.child.signalCode !== null) return;
  main.child.kill('SIGTERM');
  const code = await main.exited;
  expect(code, 'main exits cleanly').to.equal(0);
}

/** The demo accounts as the banner lists them: `  moderator  email  password: secret`. */
export function demoAccountsIn(banner: string): DemoAccount[] {
  return [...banner.matchAll(/^ {2}(\w+) +(\S+@\S+) +password: (\S+)$/gm)].map(
    ([, role, email, password]) => ({
      role: role!,
      email: email!,
      password: password!,
    }),
  );
}

/** One request to `/api/v1<path>` of the running service. */
export async function mainApi(
  main: RunningMain,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the API answered
): Promise<{ status: number; headers: Headers; text: string; body: any }> {
  const response = await fetch(`${main.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}
