// The simulator's latent mid prices, a function of the seed and the time alone: AAA and CCC follow
// independent geometric Brownian motions, BBB follows AAA through an Ornstein-Uhlenbeck log-spread
// (so AAA/BBB is cointegrated and CCC is not). The path moves on a fixed 100 ms grid with its own
// random stream, so it is the same whatever the trade rate and however the caller slices time:
// a low-rate history and the live stream after it sample one and the same market.
import { normalSampler, seededRandom } from './random.js';

/** Grid step of the latent path, ms; trades inside a step print around the same mid. */
export const PATH_STEP_MS = 100;

const SECONDS_PER_YEAR = 365 * 24 * 3600;

export interface LatentModel {
  /** Annualised volatility of AAA (the common factor) and CCC. */
  annualVolatility: number;
  /** Half-life of the AAA/BBB log-spread, seconds. */
  spreadHalfLifeSec: number;
  /** Stationary standard deviation of the AAA/BBB log-spread. */
  spreadStd: number;
}

/** Mid prices at the origin of the path. */
export interface LatentStart {
  aaa: number;
  bbb: number;
  ccc: number;
  /** BBB / AAA around which the log-spread reverts. */
  hedge: number;
}

export class LatentPath {
  private readonly normal: () => number;
  private readonly diffusion: number;
  private readonly drift: number;
  private readonly decay: number;
  private readonly ouStd: number;
  private readonly logHedge: number;
  private logA: number;
  private logC: number;
  private spread: number;
  /** Time of the grid point the state describes. */
  private stepTs: number;

  constructor(seed: number, startTs: number, model: LatentModel, start: LatentStart) {
    if (!(model.annualVolatility >= 0))
      throw new RangeError(`sim annualVolatility must be >= 0, got ${model.annualVolatility}`);
    if (!(model.spreadHalfLifeSec > 0))
      throw new RangeError(`sim spreadHalfLifeSec must be > 0 seconds, got ${model.spreadHalfLifeSec}`);
    if (!(model.spreadStd >= 0)) throw new RangeError(`sim spreadStd must be >= 0, got ${model.spreadStd}`);
    this.normal = normalSampler(seededRandom(seed));
    const dtSec = PATH_STEP_MS / 1000;
    this.diffusion = (model.annualVolatility / Math.sqrt(SECONDS_PER_YEAR)) * Math.sqrt(dtSec);
    // Itô correction: the price, not its log, is a martingale.
    this.drift = -0.5 * this.diffusion * this.diffusion;
    // Exact OU transition over one step.
    const theta = Math.log(2) / model.spreadHalfLifeSec;
    this.decay = Math.exp(-theta * dtSec);
    this.ouStd = model.spreadStd * Math.sqrt(1 - this.decay * this.decay);
    this.logHedge = Math.log(start.hedge);
    this.logA = Math.log(start.aaa);
    this.logC = Math.log(start.ccc);
    this.spread = Math.log(start.bbb) - this.logA - this.logHedge;
    this.stepTs = startTs;
  }

  /** Log mids of AAA, BBB and CCC at `ts` (not before the last time asked), written into `out`. */
  logMidsAt(ts: number, out: Float64Array): Float64Array {
    while (ts >= this.stepTs + PATH_STEP_MS) {
      this.logA += this.drift + this.diffusion * this.normal();
      this.logC += this.drift + this.diffusion * this.normal();
      this.spread = this.spread * this.decay + this.ouStd * this.normal();
      this.stepTs += PATH_STEP_MS;
    }
    out[0] = this.logA;
    out[1] = this.logA + this.logHedge + this.spread;
    out[2] = this.logC;
    return out;
  }
}
