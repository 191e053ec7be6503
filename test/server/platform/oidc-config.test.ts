import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../server/platform/config.js';

const provider = {
  CARELOOP_OIDC_NHS_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0/',
  CARELOOP_OIDC_NHS_CLIENT_ID: 'careloop',
  CARELOOP_OIDC_NHS_CLIENT_SECRET: 'a-very-secret-value',
  CARELOOP_OIDC_NHS_NAME: 'NHSmail',
  CARELOOP_OIDC_NHS_EMAIL_DOMAINS: 'nhs.scot, @nhs.net',
  CARELOOP_OIDC_NHS_ROLE_MAP: JSON.stringify({
    'careloop-moderators': { role: 'moderator' },
    'highland-staff': { role: 'staff', services: ['nhs-highland'] },
  }),
};

function problemsFor(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration: staff sign-in with identity providers', () => {
  it('has none, and passwords on, when nothing is set', () => {
    expect(loadConfig({}).oidc).to.deep.equal({ providers: [], localPasswords: true, requiredRoles: [] });
  });

  it('reads a provider from CARELOOP_OIDC_<ID>_*', () => {
    const { oidc } = loadConfig({ ...provider, CARELOOP_OIDC_REQUIRED_ROLES: 'moderator, admin' });
    expect(oidc.providers).to.deep.equal([
      {
        id: 'nhs',
        name: 'NHSmail',
        issuer: 'https://login.microsoftonline.com/tenant/v2.0',
        clientId: 'careloop',
        clientSecret: 'a-very-secret-value',
        emailDomains: ['nhs.scot', 'nhs.net'],
        rolesClaim: 'groups',
        roleMap: {
          'careloop-moderators': { role: 'moderator', services: [] },
          'highland-staff': { role: 'staff', services: ['nhs-highland'] },
        },
      },
    ]);
    expect(oidc.requiredRoles).to.deep.equal(['moderator', 'admin']);
  });

  it('names every bad variable, and never prints the client secret', () => {
    const message = problemsFor({
      ...provider,
      CARELOOP_OIDC_NHS_ISSUER: 'http://login.example.org',
      CARELOOP_OIDC_NHS_CLIENT_ID: '',
      CARELOOP_OIDC_NHS_ROLE_MAP: '{"careloop-staff":{"role":"staff"},"x":{"role":"king"}}',
      CARELOOP_OIDC_REQUIRED_ROLES: 'moderator,wizard',
    });
    expect(message).to.include('CARELOOP_OIDC_NHS_ISSUER must be an absolute https://');
    expect(message).to.include('CARELOOP_OIDC_NHS_CLIENT_ID is required');
    expect(message).to.include('group "careloop-staff" gives staff, who need "services"');
    expect(message).to.include('group "x" needs "role"');
    expect(message).to.include('CARELOOP_OIDC_REQUIRED_ROLES: "wizard" is not one of');
    expect(message).not.to.include('a-very-secret-value');
  });

  it('refuses a role map that is not JSON', () => {
    expect(problemsFor({ ...provider, CARELOOP_OIDC_NHS_ROLE_MAP: '{groups: moderators}' })).to.include(
      'CARELOOP_OIDC_NHS_ROLE_MAP must be JSON',
    );
  });

  it('refuses switching passwords off with no provider to sign in with', () => {
    expect(problemsFor({ CARELOOP_LOCAL_PASSWORDS: 'off' })).to.include(
      'CARELOOP_LOCAL_PASSWORDS=off needs at least one identity provider',
    );
    expect(loadConfig({ ...provider, CARELOOP_LOCAL_PASSWORDS: 'off' }).oidc.localPasswords).to.equal(false);
  });
});
