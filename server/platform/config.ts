import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Everything the service reads from its environment, validated once at start-up. */
export interface Config {
  /** TCP port to listen on; 0 picks a free one (tests). */
  port: number;
  /** A MongoDB connection string, or undefined to run the embedded engine. */
  mongodbUri: string | undefined;
  /** Absolute path where the embedded engine keeps its snapshot and journal. */
  dataDir: string;
  /** Absolute base URL the public reaches the service at, without a trailing slash (feeds, links). */
  publicUrl: string;
  logLevel: LogLevel;
  /** Built widget files, served at /widget/. */
  widgetDir: string;
  /** Example pages a board could copy, served at /. */
  examplesDir: string;
  /** CARELOOP_ADMIN_EMAIL + CARELOOP_ADMIN_PASSWORD: this admin account exists after start-up. */
  bootstrapAdmin?: { email: string; password: string };
  /**
   * Stories one client address may send per sliding hour without a proof of work, across every instance
   * (CARELOOP_SUBMISSIONS_PER_HOUR).
   */
  submissionsPerHour: number;
  /**
   * Scheduled backups of the whole store: CARELOOP_BACKUP_DIR (unset: none), one every
   * CARELOOP_BACKUP_INTERVAL_HOURS (24) across all instances, the newest CARELOOP_BACKUP_KEEP (7) kept.
   */
  backups?: { dir: string; keep: number; intervalHours: number };
  /** Stories one client address may send per sliding hour at all, proof of work or not (CARELOOP_SUBMISSIONS_PER_HOUR_MAX). */
  submissionsPerHourMax: number;
  /** Trust X-Forwarded-For from a reverse proxy for the client address (CARELOOP_TRUST_PROXY=true). */
  trustProxy: boolean;
  /**
   * Seed the demo (the Scotland service tree, demo accounts, a few stories) into an empty database on
   * the embedded store (CARELOOP_DEMO; default on for the embedded store, never on a real MongoDB).
   */
  seedDemo: boolean;
  /** SMTP_URL (e.g. smtp://user:pass@mail.example:587); unset: messages are written as .eml files to `mailDir`. */
  smtpUrl?: string;
  /** Where messages go without SMTP_URL: `<data dir>/mail`, for a newcomer to read. */
  mailDir: string;
  /** The From address of every email (CARELOOP_MAIL_FROM). */
  mailFrom: string;
  /** CARELOOP_WEBSUB_HUB: a WebSub hub every feed advertises and is told about changes. */
  websubHub?: string;
  /** CARELOOP_FEED_CACHE=false builds every feed request afresh (the benchmark's cold runs). */
  feedCache: boolean;
  /**
   * CARELOOP_SHED_READS_AT_LAG_MS: when the event loop keeps running this many ms late (or a read has
   * queued that long), reads get 503 + Retry-After and writes still get through (shed-load.ts); 0: never.
   */
  shedReadsAtLagMs: number;
  /** CARELOOP_MAX_READS_IN_FLIGHT: reads worked on at once; the rest queue, so writes never wait behind them. */
  maxReadsInFlight: number;
  /**
   * CARELOOP_RETAIN_AUTHOR_CONTACT_DAYS: an author's email and postcode are erased this many days after
   * the story's last activity (the story stays); the daily retention job does it.
   */
  retainAuthorContactDays: number;
  /** CARELOOP_RETAIN_UNCONFIRMED_SUBSCRIPTION_DAYS: an email subscription nobody confirmed is deleted after this. */
  retainUnconfirmedSubscriptionDays: number;
  /** CARELOOP_RETAIN_MAIL_DAYS: sent (or given up) outbox messages, webhook deliveries and .eml files are deleted after this. */
  retainMailDays: number;
  /**
   * CARELOOP_TOTP_REQUIRED_ROLES (comma-separated, or `none`): local accounts of these roles must set up
   * two-step sign-in before they can do anything else. Default `admin,moderator`; `none` in the demo,
   * whose accounts have published passwords anyway (docs/decisions/2026-12-07-second-factor.md).
   */
  totpRequiredRoles: string[];
  /** Staff sign-in with OpenID Connect, and what is left of local passwords (see readOidcConfig). */
  oidc: OidcConfig;
  /**
   * CARELOOP_WEBHOOKS_ALLOW_PRIVATE, for development and tests only: the private, loopback or link-local
   * address ranges (CIDR) webhook endpoints may nevertheless reach, `true` for all of them; any makes
   * plain http:// endpoints acceptable too. Empty (the default; loopback in the demo): https only,
   * public addresses only.
   */
  webhooksAllowPrivate: string[];
}

/** The kinds of account a claim can map to (the same four as server/models/roles.ts). */
export const oidcRoles = ['admin', 'moderator', 'staff', 'stakeholder'] as const;
export type OidcRole = (typeof oidcRoles)[number];

/** What membership of one group (a value of the roles claim) gives: a role, and for staff their services. */
export interface OidcGrant {
  role: OidcRole;
  services: string[];
}

/** One identity provider, from `CARELOOP_OIDC_<ID>_*`. */
export interface OidcProviderConfig {
  /** `<ID>` lower-cased: in the sign-in URLs (`/auth/oidc/<id>/start`). */
  id: string;
  /** Shown as "Sign in with <name>". */
  name: string;
  /** The issuer URL; its `/.well-known/openid-configuration` is read at first use. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Lower-cased domains a signing-in email must end in; empty: any. */
  emailDomains: string[];
  /** The id_token claim listing the person's groups or roles (`groups` by default). */
  rolesClaim: string;
  /** Group → grant; a person in none of them cannot sign in. */
  roleMap: Record<string, OidcGrant>;
}

export interface OidcConfig {
  providers: OidcProviderConfig[];
  /** CARELOOP_LOCAL_PASSWORDS=off: no password form, and `POST /sessions` refuses. */
  localPasswords: boolean;
  /** CARELOOP_OIDC_REQUIRED_ROLES: roles that may not sign in with a local password. */
  requiredRoles: OidcRole[];
}

/** Thrown when the environment is unusable; the message names every bad variable and is safe to print. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration. Empty variables count as unset. Values that may hold
 * credentials (MONGODB_URI) are never echoed in errors.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, root: string = projectRoot()): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const port = parsePort(read('PORT'), problems);

  const mongodbUri = read('MONGODB_URI');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\/./.test(mongodbUri)) {
    problems.push(
      'MONGODB_URI must be a mongodb:// or mongodb+srv:// connection string (leave it unset for the embedded store)',
    );
  }

  const dataDir = resolve(read('CARELOOP_DATA_DIR') ?? './data');

  const publicUrl = parsePublicUrl(read('CARELOOP_PUBLIC_URL'), port, problems);

  const logLevelText = read('LOG_LEVEL') ?? 'info';
  const logLevel = logLevels.find((level) => level === logLevelText.toLowerCase());
  if (!logLevel)
    problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got ${JSON.stringify(logLevelText)})`);

  const adminEmail = read('CARELOOP_ADMIN_EMAIL');
  const adminPassword = read('CARELOOP_ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    problems.push('CARELOOP_ADMIN_EMAIL and CARELOOP_ADMIN_PASSWORD must be set together');
  }
  if (adminEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    problems.push('CARELOOP_ADMIN_EMAIL must be an email address');
  }
  if (adminPassword !== undefined && adminPassword.length < 12) {
    problems.push('CARELOOP_ADMIN_PASSWORD must be at least 12 characters');
  }

  const submissionsPerHour = parsePositiveInteger(
    read('CARELOOP_SUBMISSIONS_PER_HOUR'),
    10,
    'CARELOOP_SUBMISSIONS_PER_HOUR',
    problems,
  );
  const submissionsPerHourMax = parsePositiveInteger(
    read('CARELOOP_SUBMISSIONS_PER_HOUR_MAX'),
    Math.max(200, submissionsPerHour),
    'CARELOOP_SUBMISSIONS_PER_HOUR_MAX',
    problems,
  );
  if (submissionsPerHourMax < submissionsPerHour) {
    problems.push(
      `CARELOOP_SUBMISSIONS_PER_HOUR_MAX (${submissionsPerHourMax}) must be at least CARELOOP_SUBMISSIONS_PER_HOUR (${submissionsPerHour})`,
    );
  }
  const trustProxy = parseBoolean(read('CARELOOP_TRUST_PROXY'), false, 'CARELOOP_TRUST_PROXY', problems);
  const seedDemo = parseBoolean(read('CARELOOP_DEMO'), mongodbUri === undefined, 'CARELOOP_DEMO', problems);
  if (seedDemo && mongodbUri !== undefined) {
    problems.push(
      'CARELOOP_DEMO seeds demo accounts with published passwords: it is only allowed on the embedded store',
    );
  }

  const smtpUrl = read('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/\s]+/.test(smtpUrl)) {
    // Never echo it: it may hold a password.
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  }
  const mailFrom = read('CARELOOP_MAIL_FROM') ?? 'careloop <no-reply@careloop.invalid>';
  if (!/@/.test(mailFrom))
    problems.push(`CARELOOP_MAIL_FROM must be an email address (got ${JSON.stringify(mailFrom)})`);

  const websubHub = read('CARELOOP_WEBSUB_HUB');
  if (websubHub !== undefined && !isHttpUrl(websubHub)) {
    problems.push(
      `CARELOOP_WEBSUB_HUB must be an absolute http:// or https:// URL (got ${JSON.stringify(websubHub)})`,
    );
  }
  const feedCache = parseBoolean(read('CARELOOP_FEED_CACHE'), true, 'CARELOOP_FEED_CACHE', problems);
  const shedReadsAtLagMs = parseWholeNumber(
    read('CARELOOP_SHED_READS_AT_LAG_MS'),
    defaultShedReadsAtLagMs,
    'CARELOOP_SHED_READS_AT_LAG_MS',
    problems,
  );
  const maxReadsInFlight = parsePositiveInteger(
    read('CARELOOP_MAX_READS_IN_FLIGHT'),
    defaultMaxReadsInFlight,
    'CARELOOP_MAX_READS_IN_FLIGHT',
    problems,
  );

  const retainAuthorContactDays = parsePositiveInteger(
    read('CARELOOP_RETAIN_AUTHOR_CONTACT_DAYS'),
    defaultRetention.authorContactDays,
    'CARELOOP_RETAIN_AUTHOR_CONTACT_DAYS',
    problems,
  );
  const retainUnconfirmedSubscriptionDays = parsePositiveInteger(
    read('CARELOOP_RETAIN_UNCONFIRMED_SUBSCRIPTION_DAYS'),
    defaultRetention.unconfirmedSubscriptionDays,
    'CARELOOP_RETAIN_UNCONFIRMED_SUBSCRIPTION_DAYS',
    problems,
  );
  const retainMailDays = parsePositiveInteger(
    read('CARELOOP_RETAIN_MAIL_DAYS'),
    defaultRetention.mailDays,
    'CARELOOP_RETAIN_MAIL_DAYS',
    problems,
  );
  const totpRequiredRoles = parseRoleList(
    read('CARELOOP_TOTP_REQUIRED_ROLES'),
    seedDemo ? [] : ['admin', 'moderator'],
    'CARELOOP_TOTP_REQUIRED_ROLES',
    problems,
  );
  const oidc = readOidcConfig(env, read, problems);
  const backupDirText = read('CARELOOP_BACKUP_DIR');
  const backups = backupDirText
    ? {
        dir: resolve(backupDirText),
        keep: parsePositiveInteger(read('CARELOOP_BACKUP_KEEP'), 7, 'CARELOOP_BACKUP_KEEP', problems),
        intervalHours: parsePositiveInteger(
          read('CARELOOP_BACKUP_INTERVAL_HOURS'),
          24,
          'CARELOOP_BACKUP_INTERVAL_HOURS',
          problems,
        ),
      }
    : undefined;
  const webhooksAllowPrivate = parseAddressRanges(
    read('CARELOOP_WEBHOOKS_ALLOW_PRIVATE'),
    // The demo is a developer's machine: a receiver they run there is reachable.
    seedDemo ? [...loopbackRanges] : [],
    'CARELOOP_WEBHOOKS_ALLOW_PRIVATE',
    problems,
  );

  if (problems.length > 0 || logLevel === undefined) throw new ConfigError(problems);
  return {
    port,
    mongodbUri,
    dataDir,
    publicUrl,
    logLevel,
    widgetDir: join(root, 'dist', 'widget'),
    examplesDir: join(root, 'examples'),
    bootstrapAdmin:
      adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : undefined,
    submissionsPerHour,
    submissionsPerHourMax,
    trustProxy,
    seedDemo,
    smtpUrl,
    mailDir: join(dataDir, 'mail'),
    mailFrom,
    websubHub,
    feedCache,
    shedReadsAtLagMs,
    maxReadsInFlight,
    retainAuthorContactDays,
    backups,
    retainUnconfirmedSubscriptionDays,
    retainMailDays,
    totpRequiredRoles,
    oidc,
    webhooksAllowPrivate,
  };
}

/** Every IPv4 and every IPv6 address: what `CARELOOP_WEBHOOKS_ALLOW_PRIVATE=true` allows. */
export const everyAddress = ['0.0.0.0/0', '::/0'];

/** This machine, IPv4 and IPv6: what the demo allows webhooks to reach unless told otherwise. */
export const loopbackRanges = ['127.0.0.0/8', '::1/128'];

/** `true`/`false` (and their spellings), or a comma-separated list of CIDR ranges such as `127.0.0.0/8,::1/128`. */
function parseAddressRanges(
  text: string | undefined,
  fallback: string[],
  name: string,
  problems: string[],
): string[] {
  if (text === undefined) return fallback;
  if (/^(false|0|no|off)$/i.test(text)) return [];
  if (/^(true|1|yes|on)$/i.test(text)) return [...everyAddress];
  const ranges = text
    .split(',')
    .map((range) => range.trim())
    .filter(Boolean);
  const bad = ranges.filter((range) => !isCidr(range));
  if (bad.length > 0 || ranges.length === 0) {
    problems.push(
      `${name} must be true, false or CIDR ranges such as 127.0.0.0/8,::1/128 (got ${JSON.stringify(text)})`,
    );
    return [];
  }
  return ranges;
}

function isCidr(text: string): boolean {
  const [address, bits, ...rest] = text.split('/');
  const family = isIP(address ?? '');
  if (rest.length > 0 || family === 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** The account roles (models/roles.ts: config sits below the models and imports none of them). */
const accountRoles: readonly string[] = oidcRoles;

function parseRoleList(
  value: string | undefined,
  fallback: string[],
  name: string,
  problems: string[],
): string[] {
  if (value === undefined) return fallback;
  if (value.toLowerCase() === 'none') return [];
  const listed = value
    .split(',')
    .map((role) => role.trim().toLowerCase())
    .filter(Boolean);
  const unknown = listed.filter((role) => !accountRoles.includes(role));
  if (unknown.length > 0 || listed.length === 0) {
    problems.push(
      `${name} must be \`none\` or roles from ${accountRoles.join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  return [...new Set(listed)];
}

/**
 * How long personal data is kept when the deployment says nothing (docs/privacy.md): a year after a
 * story's last activity covers a complaint's usual course; a week is ample to click a confirmation
 * link; a month of sent mail is enough to answer "did you email me?".
 */
export const defaultRetention = { authorContactDays: 365, unconfirmedSubscriptionDays: 7, mailDays: 30 };

const oidcVariable = /^CARELOOP_OIDC_([A-Z0-9]+)_ISSUER$/;

/**
 * Identity providers: every `CARELOOP_OIDC_<ID>_ISSUER` starts one, whose other variables are
 * `_CLIENT_ID`, `_CLIENT_SECRET` (required, never echoed), `_NAME`, `_EMAIL_DOMAINS` (comma-separated),
 * `_ROLES_CLAIM` (default `groups`) and `_ROLE_MAP`, JSON such as
 * `{"careloop-moderators":{"role":"moderator"},"ward-staff":{"role":"staff","services":["raigmore"]}}`.
 */
function readOidcConfig(
  env: NodeJS.ProcessEnv,
  read: (name: string) => string | undefined,
  problems: string[],
): OidcConfig {
  const ids = Object.keys(env)
    .map((name) => oidcVariable.exec(name)?.[1])
    .filter((id): id is string => id !== undefined && read(`CARELOOP_OIDC_${id}_ISSUER`) !== undefined)
    .sort();
  const providers = ids.map((id) => readOidcProvider(id, read, problems));
  const localPasswords = parseBoolean(
    read('CARELOOP_LOCAL_PASSWORDS'),
    true,
    'CARELOOP_LOCAL_PASSWORDS',
    problems,
  );
  if (!localPasswords && providers.length === 0) {
    problems.push(
      'CARELOOP_LOCAL_PASSWORDS=off needs at least one identity provider (CARELOOP_OIDC_<ID>_ISSUER)',
    );
  }
  const requiredRoles: OidcRole[] = [];
  for (const role of (read('CARELOOP_OIDC_REQUIRED_ROLES') ?? '').split(',').map((part) => part.trim())) {
    if (!role) continue;
    if (isOidcRole(role)) requiredRoles.push(role);
    else
      problems.push(
        `CARELOOP_OIDC_REQUIRED_ROLES: ${JSON.stringify(role)} is not one of ${oidcRoles.join(', ')}`,
      );
  }
  if (requiredRoles.length > 0 && providers.length === 0) {
    problems.push(
      'CARELOOP_OIDC_REQUIRED_ROLES needs at least one identity provider (CARELOOP_OIDC_<ID>_ISSUER)',
    );
  }
  return { providers, localPasswords, requiredRoles };
}

function readOidcProvider(
  id: string,
  read: (name: string) => string | undefined,
  problems: string[],
): OidcProviderConfig {
  const prefix = `CARELOOP_OIDC_${id}_`;
  const issuer = read(`${prefix}ISSUER`) ?? '';
  if (!isIssuerUrl(issuer)) {
    problems.push(
      `${prefix}ISSUER must be an absolute https:// (or http:// on loopback) URL (got ${JSON.stringify(issuer)})`,
    );
  }
  const clientId = read(`${prefix}CLIENT_ID`);
  if (!clientId) problems.push(`${prefix}CLIENT_ID is required`);
  const clientSecret = read(`${prefix}CLIENT_SECRET`);
  if (!clientSecret) problems.push(`${prefix}CLIENT_SECRET is required (it is never printed)`);
  const emailDomains = (read(`${prefix}EMAIL_DOMAINS`) ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  for (const domain of emailDomains) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) {
      problems.push(`${prefix}EMAIL_DOMAINS: ${JSON.stringify(domain)} is not a domain such as nhs.scot`);
    }
  }
  return {
    id: id.toLowerCase(),
    name: read(`${prefix}NAME`) ?? id,
    issuer: issuer.replace(/\/+$/, ''),
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    emailDomains,
    rolesClaim: read(`${prefix}ROLES_CLAIM`) ?? 'groups',
    roleMap: parseRoleMap(read(`${prefix}ROLE_MAP`), `${prefix}ROLE_MAP`, problems),
  };
}

function parseRoleMap(text: string | undefined, name: string, problems: string[]): Record<string, OidcGrant> {
  if (text === undefined) {
    problems.push(
      `${name} is required: which groups may sign in, as what (e.g. {"careloop-moderators":{"role":"moderator"}})`,
    );
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${name} must be JSON such as {"careloop-moderators":{"role":"moderator"}}`);
    return {};
  }
  if (!isPlainObject(parsed) || Object.keys(parsed).length === 0) {
    problems.push(`${name} must be a JSON object naming at least one group`);
    return {};
  }
  const roleMap: Record<string, OidcGrant> = {};
  for (const [group, grant] of Object.entries(parsed)) {
    const role = isPlainObject(grant) ? grant.role : undefined;
    const services = isPlainObject(grant) ? (grant.services ?? []) : [];
    if (typeof role !== 'string' || !isOidcRole(role)) {
      problems.push(`${name}: group ${JSON.stringify(group)} needs "role", one of ${oidcRoles.join(', ')}`);
      continue;
    }
    if (!Array.isArray(services) || !services.every((service) => typeof service === 'string' && service)) {
      problems.push(`${name}: group ${JSON.stringify(group)}: "services" must be a list of service ids`);
      continue;
    }
    if ((role === 'staff' || role === 'stakeholder') !== services.length > 0) {
      problems.push(
        role === 'staff' || role === 'stakeholder'
          ? `${name}: group ${JSON.stringify(group)} gives ${role}, who need "services"`
          : `${name}: group ${JSON.stringify(group)} gives ${role}, who act for every service: leave "services" out`,
      );
      continue;
    }
    roleMap[group] = { role, services: services as string[] };
  }
  return roleMap;
}

function isOidcRole(text: string): text is OidcRole {
  return (oidcRoles as readonly string[]).includes(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** https, or plain http on this machine only (the demo's and the tests' provider). */
function isIssuerUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.search || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * A second late: every request is already waiting that long before its code runs, so a quick "try
 * again" serves a reader better than a slow answer, and leaves the loop to the stories being told.
 */
export const defaultShedReadsAtLagMs = 1_000;

/**
 * Reads worked on per turn of the event loop (see shedLoad). Measured with `npm run bench -- load`
 * (300 readers and 20 submitters on two cores): 32 gave the stories told most of the loop (reader p99
 * 6.5× bare Koa, submission p99 1.2× idle); unbounded, the readers (submission p99 22× idle); 64
 * meets both targets (2.2× and 1.2×). Unfinished reads' store queries (one to three each) still leave
 * most of the driver's 100 connections free, so a write's queries start at once.
 */
export const defaultMaxReadsInFlight = 64;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function parsePositiveInteger(
  text: string | undefined,
  fallback: number,
  name: string,
  problems: string[],
): number {
  return parseWholeNumber(text, fallback, name, problems, 1);
}

/** A whole number of at least `min` (0 by default, which switches a feature off where one allows it). */
function parseWholeNumber(
  text: string | undefined,
  fallback: number,
  name: string,
  problems: string[],
  min = 0,
): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) {
    const allowed = min === 0 ? 'a whole number, 0 or more' : `a whole number of at least ${min}`;
    problems.push(`${name} must be ${allowed} (got ${JSON.stringify(text)})`);
    return fallback;
  }
  return Number(text);
}

function parseBoolean(
  text: string | undefined,
  fallback: boolean,
  name: string,
  problems: string[],
): boolean {
  if (text === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(text)) return true;
  if (/^(false|0|no|off)$/i.test(text)) return false;
  problems.push(`${name} must be true or false (got ${JSON.stringify(text)})`);
  return fallback;
}

function parsePort(text: string | undefined, problems: string[]): number {
  if (text === undefined) return 3000;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got ${JSON.stringify(text)})`);
    return 3000;
  }
  return port;
}

function parsePublicUrl(text: string | undefined, port: number, problems: string[]): string {
  if (text === undefined) return `http://localhost:${port}`;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    problems.push(
      `CARELOOP_PUBLIC_URL must be an absolute http:// or https:// URL without query or fragment, such as https://stories.example.org (got ${JSON.stringify(text)})`,
    );
    return `http://localhost:${port}`;
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The directory holding careloop's package.json, found from this module's own location so the same code
 * works from `server/` (tsx) and from `dist/server/` (compiled), whatever the working directory.
 */
export function projectRoot(from: string = import.meta.url): string {
  let directory = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && isCareloopManifest(manifest)) return directory;
    const parent = dirname(directory);
    if (parent === directory)
      throw new Error(`careloop's package.json not found above ${fileURLToPath(from)}`);
    directory = parent;
  }
}

function isCareloopManifest(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'careloop';
  } catch {
    return false;
  }
}

/** careloop's version, from its package.json (backups record which careloop wrote them). */
export function careloopVersion(): string {
  const manifest = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
