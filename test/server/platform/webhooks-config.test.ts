import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../server/platform/config.js';

describe('configuration: CARELOOP_WEBHOOKS_ALLOW_PRIVATE', () => {
  it('allows no private address by default, every one with true, or only the CIDR ranges it lists', () => {
    expect(loadConfig({ CARELOOP_DEMO: 'false' }).webhooksAllowPrivate).to.deep.equal([]);
    expect(loadConfig({ CARELOOP_WEBHOOKS_ALLOW_PRIVATE: 'off' }).webhooksAllowPrivate).to.deep.equal([]);
    expect(loadConfig({ CARELOOP_WEBHOOKS_ALLOW_PRIVATE: '1' }).webhooksAllowPrivate).to.deep.equal([
      '0.0.0.0/0',
      '::/0',
    ]);
    expect(
      loadConfig({ CARELOOP_WEBHOOKS_ALLOW_PRIVATE: '127.0.0.0/8, ::1/128' }).webhooksAllowPrivate,
    ).to.deep.equal(['127.0.0.0/8', '::1/128']);
  });

  it('lets the demo reach loopback (a receiver on the developer’s machine), unless told otherwise', () => {
    expect(loadConfig({}).webhooksAllowPrivate).to.deep.equal(['127.0.0.0/8', '::1/128']);
    expect(loadConfig({ CARELOOP_WEBHOOKS_ALLOW_PRIVATE: 'false' }).webhooksAllowPrivate).to.deep.equal([]);
  });

  it('refuses anything else, naming the variable', () => {
    for (const value of ['maybe', '127.0.0.1', '10.0.0.0/33', 'fe80::/129', 'localhost/8']) {
      expect(() => loadConfig({ CARELOOP_WEBHOOKS_ALLOW_PRIVATE: value }), value)
        .to.throw(ConfigError)
        .with.property('message')
        .that.matches(/CARELOOP_WEBHOOKS_ALLOW_PRIVATE must be true, false or CIDR ranges/);
    }
  });
});
