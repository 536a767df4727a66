// The store worker: owns the DuckDB database so that its synchronous work (appender commits,
// result conversion, JSON batches) never blocks the JS thread that ingests trades and serves
// clients. It runs the same DuckDbStore as a single-threaded process would.
import { parentPort, workerData } from 'node:worker_threads';
import { DuckDbStore } from '../duckdb/duckdb-store.js';
import type { Logger } from '../../domain/logger.js';
import {
  STORE_CALLS,
  type FromWorker,
  type SerializedError,
  type ToWorker,
  type WorkerOptions,
  type WorkerStats,
} from './protocol.js';
import { unpackTicks } from './tick-batch.js';

/** How often changed counters are reported to the JS thread. */
const STATS_INTERVAL_MS = 100;

const port = parentPort!;
const send = (message: FromWorker): void => port.postMessage(message);

const logger: Logger = {
  debug: (details, message) => log('debug', details, message),
  error: (details, message) => log('error', details, message),
  warn: (details, message) => log('warn', details, message),
  info: (details, message) => log('info', details, message),
};

function log(level: keyof Logger, details: object, message?: string): void {
  try {
    send({ type: 'log', level, details, message });
  } catch {
    // Details that cannot be cloned: the message alone still says what happened.
    send({ type: 'log', level, details: { details: String(details) }, message });
  }
}

const store = new DuckDbStore({ ...(workerData as WorkerOptions), logger });
const callable = new Set<string>(STORE_CALLS);
let receivedTicks = 0;
let lastStats = '';

function stats(): WorkerStats {
  return { ...store.stats(), receivedTicks };
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

async function answer(id: number, run: () => unknown): Promise<void> {
  try {
    const value = await run();
    send({ type: 'result', id, value, stats: stats() });
  } catch (error) {
    send({ type: 'error', id, error: serializeError(error), stats: stats() });
  }
}

const statsTimer = setInterval(() => {
  const current = stats();
  const json = JSON.stringify(current);
  if (json === lastStats) return;
  lastStats = json;
  send({ type: 'stats', stats: current });
}, STATS_INTERVAL_MS);

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'write':
      try {
        if (message.ticks !== null) {
          receivedTicks += message.ticks.length;
          store.appendTicks(unpackTicks(message.ticks));
        }
        if (message.bars.length > 0) store.upsertBars(message.bars);
      } catch (error) {
        logger.error({ err: error }, 'the store refused a write');
      }
      return;
    case 'open':
      void answer(message.id, () => store.open());
      return;
    case 'close':
      void answer(message.id, async () => {
        clearInterval(statsTimer);
        await store.close();
      });
      return;
    case 'call':
      void answer(message.id, () => {
        if (!callable.has(message.method)) throw new Error(`unknown store method "${message.method}"`);
        const method = store[message.method] as (...args: unknown[]) => unknown;
        return method.apply(store, message.args);
      });
      return;
  }
});
