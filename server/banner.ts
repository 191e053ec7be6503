/**
 * What a newcomer sees after `npm start`: where the demo is and what to try, in plain text beside the
 * structured logs (which are for machines).
 */
export function startupBanner(options: {
  url: string;
  engineUri?: string;
  dataDir: string;
  demoAccounts?: Array<{ email: string; password: string; role: string; jobTitle?: string }>;
  /** The demo's own OpenID provider, when it runs: who to log in as there. */
  demoIdentity?: { name: string; people: Array<{ login: string; groups: string[] }> };
}): string {
  const lines = [
    '',
    `careloop is running at ${options.url}`,
    '',
    `  Demo board site      ${options.url}/`,
    `  Service health       ${options.url}/healthz`,
    `  Widget bundle        ${options.url}/widget/careloop.js`,
  ];
  if (options.engineUri) {
    lines.push(
      `  Data                 ${options.dataDir} (embedded MongoDB-compatible store; kept across restarts)`,
      `  Inspect the data     mongosh ${options.engineUri}careloop   (while this runs)`,
    );
  }
  lines.push(`  API description      ${options.url}/api/v1/openapi.json`);
  if (options.demoAccounts?.length) {
    lines.push('', 'Demo accounts (sign in with POST /api/v1/sessions; see README "Try the API"):');
    for (const account of options.demoAccounts) {
      lines.push(`  ${account.role.padEnd(10)} ${account.email}  password: ${account.password}`);
    }
    lines.push(
      '  Two-step sign-in is optional in the demo (CARELOOP_TOTP_REQUIRED_ROLES=none): set it up under',
      '  "Two-step sign-in" in the staff area. Outside the demo, admins and moderators must.',
    );
  }
  if (options.demoIdentity) {
    lines.push(
      '',
      `Staff sign-in with an identity provider: open ${options.url}/admin.html (or "Staff sign in" on the demo`,
      `board site), choose "Sign in with ${options.demoIdentity.name}", and log in as (any password):`,
    );
    for (const person of options.demoIdentity.people) {
      lines.push(`  ${person.login.padEnd(16)} groups: ${person.groups.join(', ')}`);
    }
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  return lines.join('\n');
}
