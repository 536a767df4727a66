// Decay parameters of an exponentially weighted window, resolved the way pandas does:
// every form is turned into a centre of mass first and alpha = 1/(1 + com) is derived from it,
// so a given `alpha` round-trips through com exactly as in pandas.

export interface EwmDecay {
  /** Span s ≥ 1: com = (s − 1)/2 (s = N of an "N-period EMA"). */
  span?: number;
  /** Half-life h > 0 in observations: com = 1/(1 − exp(ln 0.5 / h)) − 1. */
  halflife?: number;
  /** Centre of mass c ≥ 0. */
  com?: number;
  /** Smoothing factor 0 < α ≤ 1: com = (1 − α)/α. */
  alpha?: number;
}

export interface EwmOptions extends EwmDecay {
  /** pandas `adjust` (default true): weighted average with weights (1−α)^i instead of the recursive form. */
  adjust?: boolean;
  /** pandas `ignore_na` (default false): when false a missing value still decays the old weights. */
  ignoreNa?: boolean;
  /** Observations needed before a value is reported (pandas `min_periods`, default 0, treated as 1). */
  minPeriods?: number;
}

function finite(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Centre of mass from exactly one of span, halflife, com, alpha. */
export function centerOfMass(decay: EwmDecay): number {
  const given = (['span', 'halflife', 'com', 'alpha'] as const).filter((k) => decay[k] !== undefined);
  if (given.length !== 1) {
    throw new Error(
      `give exactly one of span, halflife, com, alpha; got ${given.length === 0 ? 'none' : given.join(', ')}`,
    );
  }
  if (decay.com !== undefined) {
    if (finite(decay.com, 'com') < 0) throw new Error(`com must be >= 0, got ${decay.com}`);
    return decay.com;
  }
  if (decay.span !== undefined) {
    if (finite(decay.span, 'span') < 1) throw new Error(`span must be >= 1, got ${decay.span}`);
    return (decay.span - 1) / 2;
  }
  if (decay.halflife !== undefined) {
    if (finite(decay.halflife, 'halflife') <= 0) throw new Error(`halflife must be > 0, got ${decay.halflife}`);
    return 1 / (1 - Math.exp(Math.log(0.5) / decay.halflife)) - 1;
  }
  const alpha = finite(decay.alpha as number, 'alpha');
  if (alpha <= 0 || alpha > 1) throw new Error(`alpha must satisfy 0 < alpha <= 1, got ${alpha}`);
  return (1 - alpha) / alpha;
}

/** The α pandas uses for the recursion. */
export function smoothingFactor(decay: EwmDecay): number {
  return 1 / (1 + centerOfMass(decay));
}

export function resolveMinPeriods(minPeriods: number | undefined): number {
  const m = minPeriods ?? 0;
  if (!Number.isInteger(m) || m < 0) throw new Error(`minPeriods must be an integer >= 0, got ${String(minPeriods)}`);
  return Math.max(m, 1);
}
