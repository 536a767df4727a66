// Shares a scan's pairs with worker threads, one per spare CPU, keeping a share on the calling
// thread. Workers load this module's sibling `scan-worker` (compiled JS, or TypeScript when the
// process runs under tsx); where they cannot start (e.g. a test runner that transforms modules
// itself), the calling thread scans their share.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PriceMode } from '../params.js';
import type { ScanRow } from './pair-scanner.js';

/** Below this many pairs a scan takes under ~100 ms: starting threads would not pay. */
const MIN_PAIRS_FOR_WORKERS = 300;

export interface ScanJob {
  names: readonly string[];
  closes: readonly Float64Array[];
  price: PriceMode;
  /** Pairs as flattened (i, j) indices. */
  pairs: Int32Array;
}

const runningAsTypeScript = import.meta.url.endsWith('.ts');
const workerUrl = new URL(runningAsTypeScript ? './scan-worker.ts' : './scan-worker.js', import.meta.url);

function workersCanLoad(): boolean {
  if (!runningAsTypeScript) return true;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  return /\btsx\b/.test(flags);
}

export function scanWorkerCount(pairs: number): number {
  if (pairs < MIN_PAIRS_FOR_WORKERS || !workersCanLoad()) return 0;
  return Math.max(0, availableParallelism() - 1);
}

function runWorker(job: ScanJob): Promise<ScanRow[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: job });
    worker.once('message', (rows: ScanRow[]) => resolve(rows));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`scan worker exited with code ${code} before answering`)));
  });
}

/** Interleaves the pairs over `workers` threads plus this one, so every share is alike. */
export async function scanInWorkers(job: ScanJob, workers: number, scanHere: (pairs: Int32Array) => Promise<ScanRow[]>): Promise<ScanRow[]> {
  const shares = Array.from({ length: workers + 1 }, () => [] as number[]);
  for (let k = 0; k < job.pairs.length; k += 2) shares[(k / 2) % shares.length].push(job.pairs[k], job.pairs[k + 1]);
  const [local, ...remote] = shares.map((share) => Int32Array.from(share));
  const fromWorkers = remote.map((pairs) => runWorker({ ...job, pairs }).catch(() => scanHere(pairs)));
  const here = await scanHere(local);
  return here.concat(...(await Promise.all(fromWorkers)));
}
