// Base of the streaming estimators: owns add/replace/value/getResult so that each estimator
// only says how to validate and push its inputs and how to read its result. `replace` restores
// the state saved just before the last push and pushes again, so it is bit-exact: the result is
// the one the estimator would have given had the new value been added in the first place.

import { noResultError, replaceBeforeAddError, type StreamingEstimator } from './streaming.js';

export interface Restorable {
  save(): void;
  restore(): boolean;
  readonly count: number;
}

export abstract class WindowEstimator<Args extends unknown[], Out> implements StreamingEstimator<Args, Out> {
  readonly #label: string;
  readonly #state: Restorable;
  /** Values needed before a result can exist. */
  readonly #needed: number;
  #current: Out | null = null;

  protected constructor(label: string, state: Restorable, needed: number) {
    this.#label = label;
    this.#state = state;
    this.#needed = needed;
  }

  /** Throws on bad input before anything changes. */
  protected abstract check(args: Args): void;
  protected abstract push(args: Args): void;
  protected abstract compute(): Out | null;

  add(...args: Args): Out | null {
    this.check(args);
    this.#state.save();
    this.push(args);
    return (this.#current = this.compute());
  }

  replace(...args: Args): Out | null {
    this.check(args);
    if (!this.#state.restore()) throw replaceBeforeAddError(this.#label);
    this.push(args);
    return (this.#current = this.compute());
  }

  get isStable(): boolean {
    return this.#state.count >= this.#needed;
  }

  get value(): Out | null {
    return this.#current;
  }

  getResult(): Out {
    if (this.#current === null) throw noResultError(this.#label, this.isStable, this.#state.count, this.#needed);
    return this.#current;
  }
}
