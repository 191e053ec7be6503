import { expect } from 'chai';
import { AddressPolicy, embeddedIpv4 } from '../../../../server/services/webhooks/address-policy.js';

describe('webhook address policy (SSRF)', () => {
  const strict = new AddressPolicy([]);

  it('refuses loopback, private, link-local, unique-local, multicast and unspecified addresses, IPv4 and IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '10.0.0.7',
      '172.16.4.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.251',
      '255.255.255.255',
      '::',
      '::1',
      'fe80::1',
      'fd12:3456::1',
      'fc00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
    ]) {
      expect(strict.refusal(address), address).to.be.a('string');
    }
  });

  it('lets public addresses through', () => {
    for (const address of [
      '93.184.215.14',
      '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
      '::ffff:93.184.215.14',
    ]) {
      expect(strict.refusal(address), address).to.equal(undefined);
    }
  });

  it('reads the IPv4 address an IPv6 one carries', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).to.equal('127.0.0.1');
    expect(embeddedIpv4('::ffff:169.254.169.254')).to.equal('169.254.169.254');
    expect(embeddedIpv4('64:ff9b::a00:1')).to.equal('10.0.0.1');
    expect(embeddedIpv4('2001:db8::1')).to.equal(undefined);
  });

  it('allows only the ranges a development deployment names, and http:// only then', () => {
    const loopbackOnly = new AddressPolicy(['127.0.0.0/8']);
    expect(loopbackOnly.refusal('127.0.0.1')).to.equal(undefined);
    expect(loopbackOnly.refusal('::ffff:127.0.0.1')).to.equal(undefined);
    expect(loopbackOnly.refusal('10.0.0.1')).to.be.a('string');
    expect(loopbackOnly.refusal('169.254.169.254')).to.be.a('string');
    expect(loopbackOnly.allowsScheme('http:')).to.equal(true);
    expect(strict.allowsScheme('http:')).to.equal(false);
    expect(strict.allowsScheme('https:')).to.equal(true);
  });
});
