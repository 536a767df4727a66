// Input validation shared by every statistics family of part B. Each check throws an Error
// that names the argument, the offending value (and index) and what is allowed.

/** A series value: a finite number, or null for a missing observation (pandas NaN). */
export type Observation = number | null;

export function assertWindow(window: number, name = 'window'): void {
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`${name} must be an integer >= 1, got ${String(window)}`);
  }
}

export function assertFiniteObservation(value: unknown, name: string, index?: number): asserts value is Observation {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const where = index === undefined ? name : `${name}[${index}]`;
    throw new Error(`${where} must be a finite number or null (missing), got ${String(value)}`);
  }
}

export function assertFiniteNumber(value: unknown, name: string, index?: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const where = index === undefined ? name : `${name}[${index}]`;
    throw new Error(`${where} must be a finite number, got ${String(value)}`);
  }
}

/** Checks a series that may contain nulls (missing) but no NaN or ±Infinity. */
export function assertObservations(values: ArrayLike<Observation>, name: string): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(`${name} must be an array of numbers or nulls`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && !(typeof v === 'number' && Number.isFinite(v))) assertFiniteObservation(v, name, i);
  }
}

/** Checks a series of finite numbers (no missing values allowed). */
export function assertFiniteSeries(values: ArrayLike<number>, name: string): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(`${name} must be an array of finite numbers`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(typeof v === 'number' && Number.isFinite(v))) assertFiniteNumber(v, name, i);
  }
}

export function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, nameA: string, nameB: string): void {
  if (a.length !== b.length) {
    throw new Error(`${nameA} and ${nameB} must have the same length, got ${a.length} and ${b.length}`);
  }
}

export function assertDdof(ddof: number): void {
  if (ddof !== 0 && ddof !== 1) throw new Error(`ddof must be 0 or 1, got ${String(ddof)}`);
}

/** Checks a typed series where NaN marks a missing value: no ±Infinity. */
export function assertTypedObservations(values: Float64Array, name: string): void {
  if (!(values instanceof Float64Array)) throw new Error(`${name} must be a Float64Array`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // v − v is 0 for finite v and NaN for NaN and ±Infinity; NaN itself (missing) is allowed.
    if (v - v !== 0 && v === v) throw new Error(`${name}[${i}] must be finite or NaN (missing), got ${v}`);
  }
}

/**
 * A series as a Float64Array with NaN for missing. Plain arrays are validated while copied
 * (finite numbers or null); typed input is used as is and NOT checked for ±Infinity here —
 * the window scans notice non-finite values on the way and the caller then runs
 * `assertTypedObservations` for the message (one pass over the data instead of two).
 */
export function observationsToTyped(values: ArrayLike<Observation> | Float64Array, name: string): Float64Array {
  if (values instanceof Float64Array) return values;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(`${name} must be an array of numbers or nulls`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) out[i] = Number.NaN;
    else if (typeof v === 'number' && v - v === 0) out[i] = v;
    else assertFiniteObservation(v, name, i);
  }
  return out;
}

/** Turns a NaN-for-missing output into the public form with nulls. */
export function typedToNullable(values: Float64Array): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === v ? v : null;
  }
  return out;
}

/** Copies a series into a Float64Array with NaN standing for missing. */
export function toNaNArray(values: ArrayLike<Observation>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null ? Number.NaN : v;
  }
  return out;
}

/** Turns NaN back into null for the public array outputs. */
export function nanToNull(value: number): number | null {
  return value === value ? value : null;
}
