// Worker-thread entry of the pair scanner: scans the pairs of each job it is sent and posts the
// rows back with the job's id.
import { parentPort } from 'node:worker_threads';
import { prepareScan, scanPair, type ScanRow } from './pair-scanner.js';
import type { ScanJob, ScanReply } from './scan-workers.js';

parentPort!.on('message', ({ id, job }: { id: number; job: ScanJob }) => {
  let reply: ScanReply;
  try {
    const prepared = prepareScan(job.names, job.closes, job.price);
    const rows: ScanRow[] = [];
    for (let k = 0; k < job.pairs.length; k += 2) rows.push(scanPair(prepared, job.pairs[k], job.pairs[k + 1]));
    reply = { id, rows };
  } catch (error) {
    reply = { id, error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
