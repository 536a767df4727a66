// Validation of the numeric series every public statistics function accepts, so that a bad
// input fails with a message naming the argument, the index and the value instead of a NaN.

/** Numbers in any array-like container (number[], Float64Array, …). */
export type Series = ArrayLike<number>;

/**
 * Copies `values` into a Float64Array after checking that it is an array of finite numbers.
 * Errors name the argument (`name`) and the first offending index.
 */
export function finiteSeries(values: unknown, name: string): Float64Array {
  if (values === null || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') {
    throw new TypeError(`${name} must be an array of numbers, got ${describe(values)}`);
  }
  const source = values as ArrayLike<unknown>;
  const out = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (typeof v !== 'number') throw new TypeError(`${name}[${i}] must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v))
      throw new RangeError(`${name}[${i}] is ${v}; every value must be finite (no NaN or Infinity)`);
    out[i] = v;
  }
  return out;
}

/** Throws when `length` < `minimum`, explaining which options set that minimum. */
export function requireLength(length: number, minimum: number, name: string, reason: string): void {
  if (length < minimum)
    throw new RangeError(`${name} is too short: ${length} values, needs at least ${minimum} ${reason}`);
}

/** Throws when two series that must be aligned have different lengths. */
export function requireSameLength(a: number, b: number, nameA: string, nameB: string): void {
  if (a !== b) throw new RangeError(`${nameA} and ${nameB} must have the same length, got ${a} and ${b}`);
}

/** True when every value equals the first one. */
export function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Throws when the series is constant (the statistic is undefined for it). */
export function requireNotConstant(values: ArrayLike<number>, name: string): void {
  if (values.length > 0 && isConstant(values)) {
    throw new RangeError(
      `${name} is constant (every value is ${values[0]}); the statistic is undefined for a constant series`,
    );
  }
}

/** Checks an optional non-negative integer option. */
export function optionalNonNegativeInteger(value: unknown, name: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return String(value);
}
