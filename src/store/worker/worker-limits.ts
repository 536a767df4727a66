// The V8 heap limits of the store's worker thread. A worker left to itself gets the same young
// generation as the main thread (16 MB semi-spaces, 48 MB in all on 64-bit), sized for the main
// thread's allocation rate, not for a thread that unpacks transferred tick batches into typed
// arrays and builds a few bar rows per flush; in the 100-instrument soak (issue #15) the worker's
// heap took 20-36 MB of RSS. Its old generation is left unbounded on purpose: pending ticks live
// in ArrayBuffers outside the V8 heap (bounded by maxPendingRows), and a cap would turn one large
// read or export into the loss of the store (a worker over its limit is terminated).
import type { ResourceLimits } from 'node:worker_threads';

/**
 * Young generation of the store worker, MB (V8 splits it into two semi-spaces and a large-object
 * space). Little that the worker allocates survives one flush, so a small nursery costs a few more
 * scavenges of mostly dead objects.
 */
export const STORE_WORKER_YOUNG_GENERATION_MB = 6;

export function storeWorkerResourceLimits(): ResourceLimits {
  return { maxYoungGenerationSizeMb: STORE_WORKER_YOUNG_GENERATION_MB };
}
