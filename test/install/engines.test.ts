// Every package npm installs from the lockfile must run on the oldest Node our `engines` admits:
// one that does not makes `npm ci` warn EBADENGINE and may break at run time on Node 20.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { satisfiesNodeRange } from './node-range.js';

const OLDEST_NODE = '20.19.0';
const root = join(import.meta.dirname, '..', '..');

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };

describe('engines', () => {
  it(`our own engines.node admits Node ${OLDEST_NODE}`, () => {
    expect(satisfiesNodeRange(OLDEST_NODE, manifest.engines.node), manifest.engines.node).toBe(true);
  });

  it(`every package in package-lock.json admits Node ${OLDEST_NODE}`, () => {
    const refusing: string[] = [];
    let checked = 0;
    for (const [path, pkg] of Object.entries(lock.packages)) {
      // The old array form of engines is advisory and names no Node range.
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (range === undefined) continue;
      checked++;
      if (!satisfiesNodeRange(OLDEST_NODE, range)) {
        refusing.push(`${path.replace(/^.*node_modules\//, '')}@${pkg.version}: engines.node "${range}"`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(refusing, `packages that do not run on Node ${OLDEST_NODE}`).toEqual([]);
  });
});
