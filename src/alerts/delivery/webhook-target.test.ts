import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isNonPublicAddress, parseWebhookUrl, type Lookup } from './webhook-target.js';

const resolvesTo =
  (...addresses: string[]): Lookup =>
  (_host, _options, callback) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });

  it.each([
    ['ftp://example.com/x', /scheme "ftp" is not allowed/],
    ['https://user:secret@example.com/x', /credentials/],
    ['example.com/hook', /not a URL/],
  ])('rejects the URL %s', (url, message) => {
    expect(() => parseWebhookUrl(url)).toThrow(message);
  });

  it('checks literal addresses and resolved names, unless private targets are allowed', async () => {
    const check = (url: string, lookup: Lookup, allowPrivate = false) =>
      checkWebhookTarget(new URL(url), { allowPrivate, lookup });
    await expect(check('http://[::1]:8080/x', resolvesTo())).rejects.toThrow(/loopback/);
    await expect(check('http://hooks.internal/x', resolvesTo('93.184.216.34', '10.0.0.7'))).rejects.toThrow(
      /resolves to 10\.0\.0\.7/,
    );
    await expect(check('https://hooks.example.com/x', resolvesTo('93.184.216.34'))).resolves.toBeUndefined();
    await expect(check('http://127.0.0.1:9/x', resolvesTo(), true)).resolves.toBeUndefined();
    const unresolvable: Lookup = (_h, _o, callback) =>
      callback(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }), []);
    await expect(check('https://nowhere.invalid/x', unresolvable)).rejects.toThrow(
      /cannot resolve nowhere\.invalid: ENOTFOUND/,
    );
  });
});
