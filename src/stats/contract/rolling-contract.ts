// The contract every streaming estimator of the statistics library must pass (test helper,
// called from each estimator's test file):
//   - streaming `add` equals the batch function at every step, bit for bit;
//   - `replace` of the open bar is exact: any number of replaces then the final value gives
//     exactly the outputs (and later outputs) of adding the final value directly;
//   - before `warmup` values the result is null, `isStable` is false and getResult() throws;
//   - bad input (NaN, ±Infinity) throws and leaves the state untouched;
//   - no drift: after 1e6 updates the result still equals a from-scratch recomputation.

import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../domain/seeded-random.js';

export interface ContractEstimator<In, Out> {
  add(input: In): Out | null;
  replace(input: In): Out | null;
  readonly isStable: boolean;
  readonly value: Out | null;
  getResult(): Out;
}

export interface DriftCheck<In> {
  /** Number of updates streamed before comparing (default 1,000,000). */
  updates?: number;
  /** How many trailing inputs the reference needs (the window; for EWM, until weights vanish). */
  span: number;
  /** The primary result recomputed from scratch from the trailing inputs (two-pass etc.). */
  reference(trailing: readonly In[]): number | null;
  /** Generator for the long stream (defaults to `generate`). */
  generate?(random: () => number, index: number): In;
  rtol: number;
  atol: number;
}

export interface RollingContractSpec<In, Out> {
  name: string;
  create(): ContractEstimator<In, Out>;
  /** The batch function over the same inputs, aligned with them. */
  batch(inputs: readonly In[]): (Out | null)[];
  /** Deterministic input for step `index` of a fully observed stream. */
  generate(random: () => number, index: number): In;
  /** An input with a missing value, if the estimator accepts missing values. */
  missing?: In;
  /** Inputs the estimator must reject (NaN, ±Infinity ...). */
  invalid: readonly In[];
  /** Values needed before the primary result exists on a fully observed stream. */
  warmup: number;
  /** Numbers of an output, compared bit for bit between streaming and batch. */
  toNumbers(output: Out | null): (number | null)[];
  /** The headline number of an output (the one `warmup` and the drift check refer to). */
  primary(output: Out | null): number | null;
  drift?: DriftCheck<In>;
}

/** Adapts a two-argument estimator (x, y) to the contract's single-input form. */
export function pairEstimator<Out>(estimator: {
  add(x: number | null, y: number | null): Out | null;
  replace(x: number | null, y: number | null): Out | null;
  readonly isStable: boolean;
  readonly value: Out | null;
  getResult(): Out;
}): ContractEstimator<readonly [number | null, number | null], Out> {
  return {
    add: ([x, y]) => estimator.add(x, y),
    replace: ([x, y]) => estimator.replace(x, y),
    get isStable() {
      return estimator.isStable;
    },
    get value() {
      return estimator.value;
    },
    getResult: () => estimator.getResult(),
  };
}

function streamInputs<In>(
  spec: RollingContractSpec<In, unknown>,
  length: number,
  seed: number,
  withMissing: boolean,
): In[] {
  const random = seededRandom(seed);
  const inputs: In[] = [];
  for (let i = 0; i < length; i++) {
    const input = spec.generate(random, i);
    inputs.push(withMissing && spec.missing !== undefined && random() < 0.04 ? spec.missing : input);
  }
  return inputs;
}

function numbersOf<In, Out>(spec: RollingContractSpec<In, Out>, outputs: readonly (Out | null)[]): (number | null)[][] {
  return outputs.map((o) => spec.toNumbers(o));
}

export function runRollingContract<In, Out>(spec: RollingContractSpec<In, Out>): void {
  describe(`${spec.name} honours the streaming contract`, () => {
    const length = Math.max(4 * spec.warmup + 50, 400);

    it('streaming add equals the batch function at every step', () => {
      for (const withMissing of [false, true]) {
        const inputs = streamInputs(spec, length, 7, withMissing);
        const estimator = spec.create();
        const streamed = inputs.map((input) => estimator.add(input));
        expect(numbersOf(spec, streamed)).toEqual(numbersOf(spec, spec.batch(inputs)));
        expect(spec.toNumbers(estimator.value)).toEqual(spec.toNumbers(streamed[streamed.length - 1]));
      }
    });

    it('replace of the open bar is exact: equals adding the final value directly', () => {
      const inputs = streamInputs(spec, length, 11, true);
      const decoys = streamInputs(spec, length, 13, true);
      const direct = spec.create();
      const ticking = spec.create();
      for (let i = 0; i < inputs.length; i++) {
        const expected = spec.toNumbers(direct.add(inputs[i]));
        ticking.add(decoys[i]);
        if (i % 3 === 0) ticking.replace(decoys[(i + 1) % decoys.length]);
        const got = spec.toNumbers(ticking.replace(inputs[i]));
        expect(got, `step ${i}`).toEqual(expected);
        expect(ticking.isStable).toBe(direct.isStable);
      }
    });

    it('replace before any add throws', () => {
      expect(() => spec.create().replace(spec.generate(seededRandom(1), 0))).toThrow(/replace/);
    });

    it(`gives null, isStable false and a throwing getResult() before ${spec.warmup} values`, () => {
      const inputs = streamInputs(spec, spec.warmup + 5, 17, false);
      const estimator = spec.create();
      expect(() => estimator.getResult()).toThrow();
      for (let i = 0; i < inputs.length; i++) {
        const out = estimator.add(inputs[i]);
        if (i < spec.warmup - 1) {
          expect(spec.primary(out), `step ${i}`).toBeNull();
          expect(estimator.isStable, `step ${i}`).toBe(false);
        } else {
          expect(spec.primary(out), `step ${i}`).not.toBeNull();
          expect(estimator.isStable, `step ${i}`).toBe(true);
          expect(spec.toNumbers(estimator.getResult())).toEqual(spec.toNumbers(out));
        }
      }
    });

    it('rejects NaN and infinite input without changing its state', () => {
      const inputs = streamInputs(spec, spec.warmup + 20, 19, false);
      const clean = spec.create();
      const poked = spec.create();
      for (let i = 0; i < inputs.length; i++) {
        for (const bad of spec.invalid) {
          expect(() => poked.add(bad)).toThrow(Error);
          if (i > 0) expect(() => poked.replace(bad)).toThrow(Error);
        }
        expect(spec.toNumbers(poked.add(inputs[i]))).toEqual(spec.toNumbers(clean.add(inputs[i])));
      }
    });

    const drift = spec.drift;
    if (drift) {
      const updates = drift.updates ?? 1_000_000;
      it(`does not drift over ${updates.toLocaleString('en-US')} updates`, () => {
        const generate = drift.generate ?? spec.generate;
        const random = seededRandom(23);
        const estimator = spec.create();
        const tail: In[] = [];
        let out: Out | null = null;
        for (let i = 0; i < updates; i++) {
          const input = generate(random, i);
          out = estimator.add(input);
          if (i >= updates - drift.span) tail.push(input);
        }
        const expected = drift.reference(tail);
        const got = spec.primary(out);
        expect(expected).not.toBeNull();
        expect(got).not.toBeNull();
        const diff = Math.abs((got as number) - (expected as number));
        expect(diff, `got ${got}, recomputed ${expected}`).toBeLessThanOrEqual(
          drift.atol + drift.rtol * Math.abs(expected as number),
        );
      });
    }
  });
}
