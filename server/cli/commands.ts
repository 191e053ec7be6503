import { readFile, writeFile } from 'node:fs/promises';
import { roles, type Role } from '../models/roles.js';
import { toAdminUser, type AdminUserView } from '../mappers/user.js';
import { DomainError } from '../domain/errors.js';
import { assertValid, compileSchema } from '../schemas/ajv.js';
import { createUserBodySchema, passwordSchema, type CreateUserBody } from '../schemas/user.js';
import type { Services } from '../services/index.js';
import { createApiKeyBodySchema, type CreateApiKeyBody } from '../schemas/api-key.js';
import { toApiKeyView, type ApiKeyView } from '../mappers/api-key.js';
import { CommandFailed, UsageError } from './usage.js';

/** Options as parsed from the command line (all strings, `--service` repeatable). */
export interface CommandOptions {
  email?: string;
  name?: string;
  role?: string;
  'job-title'?: string;
  service?: string[];
  constituency?: string;
  password?: string;
  json?: boolean;
  'retire-missing'?: boolean;
  replace?: boolean;
  'verify-only'?: boolean;
  to?: string;
  board?: string;
  scope?: string[];
  expires?: string;
  'requests-per-minute'?: string;
}

export interface CommandContext {
  services: Pick<Services, 'accounts' | 'organisations' | 'apiKeys'>;
  options: CommandOptions;
  positionals: string[];
  /** Asked only once the command line is known to be right, so a typo never costs a password prompt. */
  password: (prompt: string) => Promise<string>;
  print: (line: string) => void;
}

const validateNewAccount = compileSchema<CreateUserBody>(createUserBodySchema);
const validatePassword = compileSchema<string>(passwordSchema);
const validateNewApiKey = compileSchema<CreateApiKeyBody>(createApiKeyBodySchema);

/** Command-line names for the API's fields, so errors point at what the operator typed. */
const optionNames: Record<string, string> = {
  email: '--email',
  name: '--name',
  role: '--role',
  jobTitle: '--job-title',
  services: '--service',
  constituency: '--constituency',
  password: 'the password',
  board: '--board',
  scopes: '--scope',
  expiresAt: '--expires',
  requestsPerMinute: '--requests-per-minute',
};

export const commands: Record<string, (context: CommandContext) => Promise<void>> = {
  async 'users add'({ services, options, password, print }) {
    const account = {
      email: required(options.email, '--email'),
      name: required(options.name, '--name'),
      role: required(options.role, '--role') as Role,
      ...(options['job-title'] !== undefined ? { jobTitle: options['job-title'] } : {}),
      ...(options.service?.length ? { services: options.service } : {}),
      ...(options.constituency !== undefined ? { constituency: options.constituency } : {}),
    };
    if (!roles.includes(account.role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
    const body = {
      ...account,
      password: options.password ?? (await password(`Password for ${account.email}: `)),
    };
    const created = await asCommand(async () =>
      services.accounts.createUser(assertValid(validateNewAccount, body, 'The account has invalid fields.')),
    );
    print(`added ${created.role} ${created.email} (id ${created._id.toHexString()})`);
  },

  async 'users list'({ services, options, print }) {
    const role = options.role as Role | undefined;
    if (role !== undefined && !roles.includes(role))
      throw new UsageError(`--role must be one of ${roles.join(', ')}`);
    const users = (await services.accounts.listUsers({ role, service: options.service?.[0] })).map(
      toAdminUser,
    );
    if (options.json) return print(JSON.stringify(users, null, 2));
    if (users.length === 0) return print('no accounts');
    for (const user of users) print(describeUser(user));
  },

  async 'users disable'({ services, options, print }) {
    const user = await accountByEmail(services, options);
    await asCommand(() =>
      services.accounts.updateUser(user._id.toHexString(), { disabled: true }, { kind: 'operator' }),
    );
    print(`disabled ${user.email}; its sessions have ended`);
  },

  async 'users enable'({ services, options, print }) {
    const user = await accountByEmail(services, options);
    await asCommand(() =>
      services.accounts.updateUser(user._id.toHexString(), { disabled: false }, { kind: 'operator' }),
    );
    print(`enabled ${user.email}`);
  },

  async 'users reset-password'({ services, options, password, print }) {
    const user = await accountByEmail(services, options);
    const newPassword = options.password ?? (await password(`New password for ${user.email}: `));
    await asCommand(async () => {
      assertValid(validatePassword, newPassword, 'The password is not acceptable.');
      return services.accounts.updateUser(
        user._id.toHexString(),
        { password: newPassword },
        { kind: 'operator' },
      );
    });
    print(`set a new password for ${user.email}; its sessions have ended`);
  },

  async 'services import'({ services, options, positionals, print }) {
    const [file] = positionals;
    if (!file) throw new UsageError('services import needs the tree file: services import <file.json>');
    let tree: unknown;
    try {
      tree = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new CommandFailed(`could not read ${file} as JSON: ${(error as Error).message}`);
    }
    const result = await asCommand(() =>
      services.organisations.importTree(tree, { retireMissing: options['retire-missing'] === true }),
    );
    print(
      `imported ${file}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.retired} retired`,
    );
  },

  async 'services export'({ services, positionals, print }) {
    const json = JSON.stringify(await services.organisations.exportTree(), null, 2);
    const [file] = positionals;
    if (!file) return print(json);
    await writeFile(file, `${json}\n`);
    print(`exported the service tree to ${file}`);
  },

  async 'keys add'({ services, options, print }) {
    const request = {
      name: required(options.name, '--name'),
      board: required(options.board, '--board'),
      ...(options.scope?.length ? { scopes: options.scope } : {}),
      ...(options.expires !== undefined ? { expiresAt: dateTimeOf(options.expires) } : {}),
      ...(options['requests-per-minute'] !== undefined
        ? { requestsPerMinute: Number(options['requests-per-minute']) }
        : {}),
    };
    const { key, record } = await asCommand(() =>
      services.apiKeys.create(assertValid(validateNewApiKey, request, 'The key has invalid fields.'), {
        name: 'operator',
      }),
    );
    print(`added API key ${record._id.toHexString()} for ${record.board} (${record.scopes.join(', ')})`);
    print(`key (shown only now; only its hash is kept): ${key}`);
  },

  async 'keys list'({ services, options, print }) {
    const keys = await services.apiKeys.list(options.board === undefined ? {} : { board: options.board });
    const boards = await services.apiKeys.boardsOf(keys);
    const views = keys.map((key) => toApiKeyView(key, boards));
    if (options.json) return print(JSON.stringify(views, null, 2));
    if (views.length === 0) return print('no API keys');
    for (const view of views) print(describeKey(view));
  },

  async 'keys revoke'({ services, positionals, print }) {
    const [id] = positionals;
    if (!id) throw new UsageError('keys revoke needs the key id: keys revoke <id>');
    const key = await asCommand(() => services.apiKeys.revoke(id, { name: 'operator' }));
    print(`revoked API key ${id} (${key.name}); its next request is refused`);
  },
};

/** Which positionals each command takes after its two words. */
export const positionalCounts: Record<string, number> = {
  'services import': 1,
  'services export': 1,
  'keys revoke': 1,
};

function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${option} is required`);
  return value;
}

async function accountByEmail(services: CommandContext['services'], options: CommandOptions) {
  const email = required(options.email, '--email');
  const user = await services.accounts.findUserByEmail(email);
  if (!user) throw new CommandFailed(`there is no account with the email address ${email}`);
  return user;
}

/**
 * A service's refusal (invalid field, duplicate email), or a schema's, becomes a failure naming the
 * options at fault.
 */
async function asCommand<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const details = (error.errors ?? []).map(({ field, message }) => `${optionName(field)}: ${message}`);
    throw new CommandFailed(error.detail, details);
  }
}

function optionName(field: string): string {
  const [head, index] = field.split('.');
  const name = optionNames[head] ?? field;
  return index !== undefined && head === 'services' ? `${name} (${ordinal(Number(index) + 1)})` : name;
}

function ordinal(position: number): string {
  return position === 1 ? '1st' : position === 2 ? '2nd' : position === 3 ? '3rd' : `${position}th`;
}

/** `--expires 2027-03-31` means the end of that day (UTC); a full date-time is taken as written. */
function dateTimeOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value;
}

function describeKey(key: ApiKeyView): string {
  return [
    key.id,
    key.hint + '…',
    key.state,
    key.board.id,
    key.scopes.join(','),
    key.name,
    key.lastUsedAt ? `last used ${key.lastUsedAt}` : 'never used',
  ].join('\t');
}

function describeUser(user: AdminUserView): string {
  const scope = [...user.services, ...(user.constituency ? [`constituency: ${user.constituency}`] : [])];
  return [
    user.email,
    user.role,
    user.name + (user.jobTitle ? ` (${user.jobTitle})` : ''),
    scope.length ? scope.join(', ') : '-',
    user.disabled ? 'disabled' : 'enabled',
  ].join('\t');
}
