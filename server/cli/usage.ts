/** What `npm run careloop -- --help` prints, and what a usage error points at. */
export const usage = `usage: npm run careloop -- <command> [options]

Accounts
  users add --email <email> --name <name> --role <admin|moderator|staff|stakeholder>
            [--job-title <title>] [--service <id>]... [--constituency <name>] [--password <password>]
      Staff need at least one --service; stakeholders a --constituency or at least one --service.
  users list [--role <role>] [--service <id>] [--json]
  users disable --email <email>            ends its sessions at once
  users enable --email <email>
  users reset-password --email <email> [--password <password>]

Services
  services import <file.json> [--retire-missing]
      The tree format of ../shared/data/scotland-services.json; services are upserted by id.
  services export [<file.json>]            to standard output without a file

Backup and restore
  backup [<file>]                          default careloop-backup-<UTC time>.jsonl.gz
      One moment of the whole store, taken while the service runs and keeps answering: gzip'd JSON Lines
      (MongoDB Extended JSON), readable with zcat and jq; a manifest counts and checksums each collection.
  restore <file> [--replace] [--verify-only]
      Checks the whole archive first, then restores into an empty store (--replace drops what is there)
      and brings it up to this careloop's schema. --verify-only checks and writes nothing.
  migrate --to <mongodb://…>
      Copies the whole store to another MongoDB deployment (the database named in the URI, else careloop),
      then checks every collection's count and indexes there. Run again, it writes only what changed:
      run it while the service runs, then once more with it stopped, then switch MONGODB_URI (README).

Partners' API keys (read-only, for one board; see the README)
  keys add --name <who and why> --board <service id> [--scope stories:read-staff]
           [--expires <YYYY-MM-DD or date-time>] [--requests-per-minute <n>]
      Prints the key once: only its hash is kept.
  keys list [--board <service id>] [--json]
  keys revoke <id>                         its next request is refused

Passwords
  Without --password, the password is asked for at a terminal (not shown) or read from the first line
  of standard input. Prefer that: --password is visible to other users of the machine and stays in
  your shell history. Passwords are at least 12 characters and are never printed or logged.

The store
  MONGODB_URI when set; otherwise the embedded store in CARELOOP_DATA_DIR (default ./data). While the
  service runs on that directory, commands go through the service's own store.

Exit status: 0 done, 1 failed, 2 usage error.`;

/** A mistake in the command line: exit status 2, with a pointer to the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command that could not be done (unknown account, invalid field, store busy): exit status 1. */
export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CommandFailed';
  }
}
