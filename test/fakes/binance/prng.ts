// Seeded randomness for the fake Binance: the same seed and symbol give the same trades on
// every run and platform.
import { seededRandom } from '../../../src/domain/seeded-random.js';

/** FNV-1a hash of a string, as an unsigned 32-bit seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Deterministic uniform in [0, 1) for a key, without state (used for synthetic klines). */
export function uniformAt(...parts: Array<string | number>): number {
  return seededRandom(hashSeed(parts.join('|')))();
}
