// Which webhook targets the engine may call: http(s) URLs without credentials, on hosts that do
// not resolve to a private, loopback, link-local or otherwise non-public address (so that a rule
// cannot be used to probe the machine or its network), unless the operator allows private
// targets. The addresses are checked again at connect time, on the address actually dialled.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export class WebhookTargetError extends Error {
  constructor(
    message: string,
    /** True when retrying cannot help (a refused address, a malformed URL). */
    readonly permanent = true,
  ) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/**
 * The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d), -compatible (::a.b.c.d) or NAT64 (64:ff9b::/96) IPv6
 * address.
 */
function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address);
  if (groups === null) return null;
  const top = groups.slice(0, 6);
  const mapped = top.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || groups[5] === 0);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && top.slice(2).every((g) => g === 0);
  if (!mapped && !nat64) return null;
  if (mapped && groups[5] === 0 && groups[6] === 0 && groups[7] <= 1) return null; // :: and ::1, not IPv4
  return `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
}

/** The eight 16-bit groups of an IPv6 address (a zone id is dropped), or null when it is not one. */
function expandIPv6(address: string): number[] | null {
  let text = address.split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1].split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    text =
      `${text.slice(0, dotted.index)}${((parts[0] << 8) | parts[1]).toString(16)}:` +
      `${((parts[2] << 8) | parts[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** True for an address a webhook must not reach without `allowPrivate`. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: refuse
  const v4 = embeddedIPv4(address);
  if (v4 !== null) return NON_PUBLIC.check(v4, 'ipv4');
  return NON_PUBLIC.check(address.split('%')[0], 'ipv6');
}

/** Parses a webhook URL: http or https, a host, no user name or password. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookTargetError(`"${text}" is not a URL; expected e.g. https://hooks.example.com/tickscope`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebhookTargetError(`scheme "${url.protocol.replace(/:$/, '')}" is not allowed; use http or https`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookTargetError('credentials in the URL are not allowed; put a token in the path or query instead');
  }
  if (url.hostname === '') throw new WebhookTargetError('the URL has no host');
  return url;
}

/** The bare address of a URL host (IPv6 hosts come bracketed), or null for a name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : bare;
}

export type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

function refusal(host: string, address: string): WebhookTargetError {
  return new WebhookTargetError(
    `${host} resolves to ${address}, a private, loopback or link-local address; webhooks may only reach ` +
      'public addresses unless the server runs with --alerts-allow-private-webhooks',
  );
}

/** Checks a URL's host (resolving a name); throws WebhookTargetError when it may not be called. */
export async function checkWebhookTarget(url: URL, options: { allowPrivate: boolean; lookup?: Lookup }): Promise<void> {
  if (options.allowPrivate) return;
  const literal = literalAddress(url.hostname);
  if (literal !== null) {
    if (isNonPublicAddress(literal)) throw refusal(url.hostname, literal);
    return;
  }
  const lookup = options.lookup ?? (dnsLookup as unknown as Lookup);
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    lookup(url.hostname, { all: true }, (error, found) =>
      error
        ? reject(new WebhookTargetError(`cannot resolve ${url.hostname}: ${error.code ?? error.message}`, false))
        : resolve(found),
    ),
  );
  const blocked = addresses.find((a) => isNonPublicAddress(a.address));
  if (blocked !== undefined) throw refusal(url.hostname, blocked.address);
}

/**
 * A `lookup` for http.request that refuses non-public addresses, so the address dialled is the
 * address checked (a name cannot resolve to a public address for the check and a private one
 * for the connection).
 */
export function guardedLookup(allowPrivate: boolean, lookup: Lookup = dnsLookup as unknown as Lookup) {
  return (hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void): void => {
    lookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error);
      const blocked = allowPrivate ? undefined : addresses.find((a) => isNonPublicAddress(a.address));
      if (blocked !== undefined) return callback(refusal(hostname, blocked.address));
      if (addresses.length === 0)
        return callback(new WebhookTargetError(`cannot resolve ${hostname}: no addresses`, false));
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
