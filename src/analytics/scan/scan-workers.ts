// Shares a scan's pairs with worker threads, one per spare CPU, keeping a share on the calling
// thread. The threads are started on the first large scan and kept (idle ones do not hold the
// process open). They load this module's sibling `scan-worker`: compiled JS, or the TypeScript
// source through tsx's loader when running from source. Where a thread cannot start, the calling
// thread scans its share.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PriceMode } from '../params.js';
import type { ScanRow } from './pair-scanner.js';

/** Below this many pairs a scan takes under ~100 ms: sharing it would not pay. */
const MIN_PAIRS_FOR_WORKERS = 300;

export interface ScanJob {
  names: readonly string[];
  closes: readonly Float64Array[];
  price: PriceMode;
  /** Pairs as flattened (i, j) indices. */
  pairs: Int32Array;
}

export type ScanReply = { id: number; rows: ScanRow[] } | { id: number; error: string };

const runningAsTypeScript = import.meta.url.endsWith('.ts');
const workerUrl = new URL(runningAsTypeScript ? './scan-worker.ts' : './scan-worker.js', import.meta.url);

/** A worker running `scan-worker`, through tsx's loader when this is the TypeScript source. */
function startScanWorker(): Worker {
  if (!runningAsTypeScript) return new Worker(workerUrl);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry =
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return ` +
    `import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(entry, { eval: true });
}

interface PooledWorker {
  worker: Worker;
  jobs: Map<number, { resolve: (rows: ScanRow[]) => void; reject: (error: Error) => void }>;
}

class ScanWorkerPool {
  private readonly workers: PooledWorker[] = [];
  private nextId = 1;
  /** Set once a worker failed: do not keep trying on every scan. */
  broken = false;

  run(index: number, job: ScanJob): Promise<ScanRow[]> {
    const pooled = this.workers[index] ?? this.start(index);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      pooled.jobs.set(id, { resolve, reject });
      pooled.worker.ref();
      pooled.worker.postMessage({ id, job });
    });
  }

  private start(index: number): PooledWorker {
    const worker = startScanWorker();
    const pooled: PooledWorker = { worker, jobs: new Map() };
    const failAll = (error: Error) => {
      this.broken = true;
      if (this.workers[index] === pooled) delete this.workers[index];
      for (const job of pooled.jobs.values()) job.reject(error);
      pooled.jobs.clear();
    };
    worker.on('message', (reply: ScanReply) => {
      const job = pooled.jobs.get(reply.id);
      if (!job) return;
      pooled.jobs.delete(reply.id);
      if (pooled.jobs.size === 0) worker.unref();
      if ('rows' in reply) job.resolve(reply.rows);
      else job.reject(new Error(reply.error));
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`scan worker exited with code ${code}`)));
    worker.unref();
    this.workers[index] = pooled;
    return pooled;
  }
}

const pool = new ScanWorkerPool();

export function scanWorkerCount(pairs: number): number {
  if (pairs < MIN_PAIRS_FOR_WORKERS || pool.broken) return 0;
  return Math.max(0, availableParallelism() - 1);
}

/** Interleaves the pairs over `workers` threads plus this one, so every share is alike. */
export async function scanInWorkers(
  job: ScanJob,
  workers: number,
  scanHere: (pairs: Int32Array) => Promise<ScanRow[]>,
): Promise<ScanRow[]> {
  const shares = Array.from({ length: workers + 1 }, () => [] as number[]);
  for (let k = 0; k < job.pairs.length; k += 2) shares[(k / 2) % shares.length].push(job.pairs[k], job.pairs[k + 1]);
  const [local, ...remote] = shares.map((share) => Int32Array.from(share));
  const fromWorkers = remote.map((pairs, index) => {
    try {
      return pool.run(index, { ...job, pairs }).catch(() => scanHere(pairs));
    } catch {
      return scanHere(pairs);
    }
  });
  const here = await scanHere(local);
  return here.concat(...(await Promise.all(fromWorkers)));
}
