// Worker-thread entry of the pair scanner: scans the pairs it is given and posts the rows back.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareScan, scanPair, type ScanRow } from './pair-scanner.js';
import type { ScanJob } from './scan-workers.js';

const job = workerData as ScanJob;
const prepared = prepareScan(job.names, job.closes, job.price);
const rows: ScanRow[] = [];
for (let k = 0; k < job.pairs.length; k += 2) rows.push(scanPair(prepared, job.pairs[k], job.pairs[k + 1]));
parentPort!.postMessage(rows);
