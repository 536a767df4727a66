// One live pair × timeframe: aligns the legs' closed bars as they arrive, runs the pair engine on
// every aligned close, keeps a bounded history of inputs and points, and recomputes the points
// from an amended bucket onward when a late trade changes history. Theil-Sen pairs compute
// their points in the deferred job (it is O(lookback²) per close); the heavy tests always run
// there. The owner schedules that job and feeds bars, ticks and the clock.
import { BucketAligner, type AlignedPoint } from '../align/bucket-aligner.js';
import { pairId, pairWarmup, type PairConfig } from '../params.js';
import type { KalmanSeed } from './hedge-estimators.js';
import { PairEngine, type PairInput, type PairPoint } from './pair-engine.js';
import { runPairTests, type PairTests } from './pair-tests.js';

export type PairEvent = { type: 'point'; point: PairPoint } | { type: 'tests'; tests: PairTests };

export interface LivePairOptions {
  config: PairConfig;
  /** Points kept in memory (and served without touching the store). */
  historyLimit: number;
  emit: (pair: LivePair, event: PairEvent) => void;
  /** Asks the owner to call `runJob()` soon, off the ingestion path. */
  requestJob: (pair: LivePair) => void;
  runTests?: typeof runPairTests;
}

export interface LegHistory {
  start: number;
  close: number;
}

const TRIM_SLACK = 512;

export class LivePair {
  readonly id: string;
  readonly config: PairConfig;
  private readonly aligner = new BucketAligner(2);
  private readonly warmup: number;
  private readonly deferPoints: boolean;
  private engine: PairEngine;
  private readonly inputs: PairInput[] = [];
  private readonly points: PairPoint[] = [];
  /** hedge=kalman: filter state after each point, to restart a recomputation anywhere. */
  private readonly seeds: (KalmanSeed | undefined)[] = [];
  private baseSeed: KalmanSeed | undefined;
  /** Raw closes per leg in the history range, by bucket start, for re-aligning after an amendment. */
  private readonly legCloses: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  /** First input whose points need (re)computing. */
  private dirtyFrom = 0;
  /** Points before this index may lack warm-up (the history was read truncated). */
  private reliableFrom = 0;
  /** The history does not start at the pair's first aligned close (read truncated, or trimmed). */
  private truncated = false;
  private testedStart = Number.NaN;
  private warming: Array<{ leg: 0 | 1; start: number; close: number }> | null = [];
  /** Inputs before this index are stored history, computed but not announced to listeners. */
  private unannounced = 0;
  latestTests: PairTests | null = null;

  constructor(private readonly options: LivePairOptions) {
    this.config = options.config;
    this.id = pairId(options.config);
    this.warmup = pairWarmup(options.config.params);
    this.deferPoints = options.config.params.hedge === 'theil-sen';
    this.engine = new PairEngine(options.config.params);
  }

  get isWarming(): boolean {
    return this.warming !== null;
  }

  get latest(): PairPoint | null {
    return this.points.length > 0 ? this.points[this.points.length - 1] : null;
  }

  get hasPendingBuckets(): boolean {
    return this.aligner.hasPending;
  }

  /** Stored history (ascending per leg) read at start; `complete` when nothing older exists. */
  initialize(history: [LegHistory[], LegHistory[]], complete: boolean): void {
    history.forEach((bars, leg) => {
      for (const bar of bars) {
        this.legCloses[leg].set(bar.start, bar.close);
        this.aligner.addClose(leg, bar.start, bar.close);
      }
    });
    const buffered = this.warming ?? [];
    this.warming = null;
    this.reliableFrom = complete ? 0 : this.warmup;
    this.truncated = !complete;
    const aligned = this.aligner.drain();
    // History is not news: listeners (WebSocket, alerts) hear only closes from now on.
    this.unannounced = aligned.length;
    this.accept(aligned);
    for (const event of buffered) this.onClose(event.leg, event.start, event.close);
  }

  /** A closed (or amended) bar of a leg. */
  onClose(leg: 0 | 1, start: number, close: number): void {
    if (this.warming !== null) {
      this.warming.push({ leg, start, close });
      return;
    }
    this.legCloses[leg].set(start, close);
    if (this.aligner.addClose(leg, start, close)) return;
    this.amend(start);
  }

  /** No in-order bar of `leg` can arrive at or before `start` any more. */
  completeThrough(leg: 0 | 1, start: number): void {
    if (this.warming === null) this.aligner.completeThrough(leg, start);
  }

  /** Emits every aligned bucket that is complete. */
  drain(): void {
    if (this.warming === null && this.aligner.hasPending) this.accept(this.aligner.drain());
  }

  /** The deferred work: Theil-Sen points, then the heavy tests on the newest close. */
  runJob(): void {
    if (this.dirtyFrom < this.inputs.length) this.compute();
    const inputs = this.engine.testInputs();
    if (inputs === null || inputs.start === this.testedStart) return;
    this.testedStart = inputs.start;
    this.latestTests = (this.options.runTests ?? runPairTests)(inputs);
    this.options.emit(this, { type: 'tests', tests: this.latestTests });
  }

  /** The heavy tests on the latest point, computed now if the deferred job has not got to it yet. */
  currentTests(): PairTests | null {
    this.runJob();
    const latest = this.latest;
    return latest !== null && this.latestTests?.start === latest.start ? this.latestTests : null;
  }

  /**
   * The kept points in [from, to), the latest `limit` without `from`; null when the history does
   * not hold the whole answer and the caller must recompute from the store.
   */
  series(range: { from?: number; to?: number; limit: number }): PairPoint[] | null {
    const computed = this.points.length;
    if (computed === 0) return null;
    const firstReliable = Math.min(this.reliableFrom, computed);
    const to = range.to ?? Number.POSITIVE_INFINITY;
    if (range.from !== undefined) {
      if (firstReliable >= computed || (this.truncated && this.points[firstReliable].start > range.from)) return null;
      const out: PairPoint[] = [];
      for (const p of this.points) {
        if (p.start >= to || out.length >= range.limit) break;
        if (p.start >= range.from) out.push(p);
      }
      return out;
    }
    let end = computed;
    while (end > 0 && this.points[end - 1].start >= to) end--;
    if (end - firstReliable < range.limit && this.truncated) return null;
    return this.points.slice(Math.max(0, end - range.limit), end);
  }

  private accept(aligned: AlignedPoint[]): void {
    if (aligned.length === 0) return;
    for (const a of aligned) this.inputs.push(toInput(a));
    if (this.deferPoints) this.options.requestJob(this);
    else {
      this.compute();
      this.options.requestJob(this);
    }
  }

  /** Computes points from `dirtyFrom`, restarting the engine when that rewrites history. */
  private compute(): void {
    const from = this.dirtyFrom;
    if (from < this.points.length) {
      const restart = Math.max(0, from - this.warmup);
      this.engine = new PairEngine(this.config.params, restart === 0 ? this.baseSeed : this.seeds[restart - 1]);
      for (let i = restart; i < from; i++) this.engine.push(this.inputs[i]);
      this.points.length = from;
      this.seeds.length = from;
      this.testedStart = Number.NaN;
    }
    const kalman = this.config.params.hedge === 'kalman';
    for (let i = from; i < this.inputs.length; i++) {
      const point = this.engine.push(this.inputs[i]);
      this.points.push(point);
      this.seeds.push(kalman ? this.engine.kalmanSeed() : undefined);
      if (i >= this.unannounced) this.options.emit(this, { type: 'point', point });
    }
    this.dirtyFrom = this.inputs.length;
    this.trim();
  }

  /** Re-aligns from an amended bucket onward and marks those points for recomputation. */
  private amend(start: number): void {
    const inputs = this.inputs;
    if (inputs.length === 0 || start < inputs[0].start) return;
    let i0 = inputs.length;
    while (i0 > 0 && inputs[i0 - 1].start >= start) i0--;
    const starts = inputs.slice(i0).map((p) => p.start);
    if (starts[0] !== start) starts.unshift(start); // a bucket that had no bar in either leg until now
    const rebuilt: PairInput[] = [];
    let previous = i0 > 0 ? inputs[i0 - 1] : null;
    for (const bucket of starts) {
      const x = this.legCloses[0].get(bucket);
      const y = this.legCloses[1].get(bucket);
      if (previous === null && (x === undefined || y === undefined)) continue;
      const input: PairInput = {
        start: bucket,
        x: x ?? previous!.x,
        y: y ?? previous!.y,
        carriedX: x === undefined,
        carriedY: y === undefined,
      };
      rebuilt.push(input);
      previous = input;
    }
    inputs.splice(i0, inputs.length - i0, ...rebuilt);
    // Never recompute a point whose warm-up is no longer held: it would lose values it had.
    const floor = this.truncated ? Math.min(this.warmup, inputs.length) : 0;
    this.dirtyFrom = Math.min(this.dirtyFrom, Math.max(i0, floor));
    if (this.deferPoints) this.options.requestJob(this);
    else {
      this.compute();
      this.options.requestJob(this);
    }
  }

  private trim(): void {
    const excess = this.points.length - this.options.historyLimit;
    if (excess < TRIM_SLACK) return;
    this.baseSeed = this.seeds[excess - 1];
    this.inputs.splice(0, excess);
    this.points.splice(0, excess);
    this.seeds.splice(0, excess);
    this.dirtyFrom -= excess;
    this.reliableFrom = Math.max(0, this.reliableFrom - excess);
    this.unannounced = Math.max(0, this.unannounced - excess);
    this.truncated = true;
    const oldest = this.inputs[0].start;
    for (const closes of this.legCloses) for (const start of closes.keys()) if (start < oldest) closes.delete(start);
  }
}

function toInput(a: AlignedPoint): PairInput {
  return { start: a.start, x: a.closes[0], y: a.closes[1], carriedX: a.carried[0], carriedY: a.carried[1] };
}
