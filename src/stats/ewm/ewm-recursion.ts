// The exponentially weighted mean/variance recursion of pandas 1.5 (window/aggregations.pyx,
// `ewma` and `ewmcov` with x = y), operation for operation, so results match bit for bit:
//   old_wt *= 1−α;  mean = (old_wt·mean + new_wt·x)/(old_wt + new_wt)  (skipped when mean == x)
//   cov = (old_wt·(cov + (mean_old − mean)²) + new_wt·(x − mean)²)/(old_wt + new_wt)
//   old_wt = adjust ? old_wt + new_wt : 1,  new_wt = adjust ? 1 : α
// Unbiased variance = cov·S1²/(S1² − S2), S1/S2 = sum of weights / of squared weights.

export class EwmRecursion {
  private readonly decay: number;
  private readonly newWeight: number;
  private mean = Number.NaN;
  private cov = 0;
  private oldWeight = 1;
  private sumWeights = 1;
  private sumSquaredWeights = 1;
  private observations = 0;
  private steps = 0;
  private readonly saved = new Float64Array(7);
  private hasSaved = false;

  constructor(
    readonly alpha: number,
    readonly adjust: boolean,
    readonly ignoreNa: boolean,
    readonly minPeriods: number,
  ) {
    this.decay = 1 - alpha;
    this.newWeight = adjust ? 1 : alpha;
  }

  /** Feeds one value (NaN = missing). */
  push(x: number): void {
    this.steps++;
    const observed = x === x;
    if (observed) this.observations++;
    if (this.mean !== this.mean) {
      if (observed) this.mean = x;
      return;
    }
    if (!observed && this.ignoreNa) return;
    const f = this.decay;
    this.sumWeights *= f;
    this.sumSquaredWeights *= f * f;
    this.oldWeight *= f;
    if (!observed) return;
    const w = this.oldWeight;
    const nw = this.newWeight;
    const oldMean = this.mean;
    if (oldMean !== x) this.mean = (w * oldMean + nw * x) / (w + nw);
    const m = this.mean;
    this.cov = (w * (this.cov + (oldMean - m) * (oldMean - m)) + nw * ((x - m) * (x - m))) / (w + nw);
    this.sumWeights += nw;
    this.sumSquaredWeights += nw * nw;
    this.oldWeight = w + nw;
    if (!this.adjust) {
      this.sumWeights /= this.oldWeight;
      this.sumSquaredWeights /= this.oldWeight * this.oldWeight;
      this.oldWeight = 1;
    }
  }

  get count(): number {
    return this.steps;
  }

  get observationCount(): number {
    return this.observations;
  }

  /** Weighted mean, NaN before `minPeriods` observations. */
  currentMean(): number {
    return this.observations >= this.minPeriods ? this.mean : Number.NaN;
  }

  /** Bias-corrected variance (pandas bias=False), NaN at the first observation. */
  currentVariance(): number {
    if (this.observations < this.minPeriods || this.observations === 0) return Number.NaN;
    const numerator = this.sumWeights * this.sumWeights;
    const denominator = numerator - this.sumSquaredWeights;
    return denominator > 0 ? (numerator / denominator) * this.cov : Number.NaN;
  }

  save(): void {
    const s = this.saved;
    s[0] = this.mean;
    s[1] = this.cov;
    s[2] = this.oldWeight;
    s[3] = this.sumWeights;
    s[4] = this.sumSquaredWeights;
    s[5] = this.observations;
    s[6] = this.steps;
    this.hasSaved = true;
  }

  restore(): boolean {
    if (!this.hasSaved) return false;
    const s = this.saved;
    this.mean = s[0];
    this.cov = s[1];
    this.oldWeight = s[2];
    this.sumWeights = s[3];
    this.sumSquaredWeights = s[4];
    this.observations = s[5];
    this.steps = s[6];
    return true;
  }
}
