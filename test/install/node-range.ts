// Whether a version satisfies an `engines.node` range, for the forms npm packages write there:
// comparators (>=, >, <=, <, =), caret and tilde, x-ranges and partial versions ("20", "10.x",
// "^13.7"), space-separated conjunctions and `||`. Anything else throws, naming the range, so an
// unknown form fails the install test instead of passing it unchecked. (`semver` is not a
// dependency of ours, and this is all the engines check needs.)

type Version = [number, number, number];

/** The numeric parts a version gives, 0 to 3 of them: an x or * ends the list ("10.x" → [10]). */
function parsePartial(text: string, range: string): number[] {
  const match = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/.exec(text);
  if (match === null) throw new Error(`engines range "${range}": cannot read version "${text}"`);
  const parts: number[] = [];
  for (const part of match.slice(1)) {
    if (part === undefined || /^[xX*]$/.test(part)) break;
    parts.push(Number(part));
  }
  return parts;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

const floor = (parts: number[]): Version => [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];

/** The first version above every version the partial stands for ("1.2" → 1.3.0); null for "*". */
function ceiling(parts: number[]): Version | null {
  const [major, minor, patch] = parts;
  if (parts.length === 0) return null;
  if (parts.length === 1) return [major + 1, 0, 0];
  if (parts.length === 2) return [major, minor + 1, 0];
  return [major, minor, patch + 1];
}

/** Caret: below the next change of the first non-zero part given ("^1.2" → 2.0.0, "^0.2" → 0.3.0). */
function caretCeiling(parts: number[]): Version | null {
  const [major, minor = 0, patch = 0] = parts;
  if (parts.length === 0) return null;
  if (major > 0 || parts.length === 1) return [major + 1, 0, 0];
  if (minor > 0 || parts.length === 2) return [0, minor + 1, 0];
  return [0, 0, patch + 1];
}

type Test = (version: Version) => boolean;

/** One comparator (">=14.17", "^13.7", "20") as a test of a version; throws on a form it cannot read. */
function comparatorTest(comparator: string, range: string): Test {
  const match = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(comparator);
  if (match === null) throw new Error(`engines range "${range}": cannot read "${comparator}"`);
  const [, operator = '', text] = match;
  const parts = parsePartial(text, range);
  const low = floor(parts);
  // Tilde allows patch changes when a minor is given, minor changes otherwise ("~1.2.3" → 1.3.0, "~1" → 2.0.0).
  const high = operator === '^' ? caretCeiling(parts) : operator === '~' ? ceiling(parts.slice(0, 2)) : ceiling(parts);
  const below = (version: Version) => high === null || compare(version, high) < 0;
  switch (operator) {
    case '>=':
      return (version) => compare(version, low) >= 0;
    case '>':
      return (version) => high !== null && compare(version, high) >= 0;
    case '<=':
      return below;
    case '<':
      return (version) => compare(version, low) < 0;
    default:
      // '', '=', '^' and '~': at least the floor and below the ceiling.
      return (version) => compare(version, low) >= 0 && below(version);
  }
}

/** True when `version` (a full x.y.z) satisfies `range`. The whole range is read before any test. */
export function satisfiesNodeRange(version: string, range: string): boolean {
  const v = floor(parsePartial(version, version));
  const alternatives = range.split('||').map((alternative) =>
    alternative
      .trim()
      // ">= 10" is one comparator: join an operator to the version that follows it.
      .replace(/([<>=^~])\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .map((comparator) => comparatorTest(comparator, range)),
  );
  // An empty alternative ("" or "*") admits every version.
  return alternatives.some((tests) => tests.every((test) => test(v)));
}
