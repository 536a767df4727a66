// Starts a worker thread from a module next to the caller. Built code runs the .js file as is;
// from TypeScript sources (tests, `tsx`) the worker first registers tsx's loader, which a worker
// does not inherit from the thread that starts it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function spawnWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(tsxCjs.replace(/\.cjs$/, '.mjs')).href;
  const boot =
    `import { register } from ${JSON.stringify(tsx)}; register(); await ` +
    `import(${JSON.stringify(moduleUrl.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), options);
}

/** The URL of a sibling module of `importMetaUrl` named `name` (without extension), .ts or .js alike. */
export function siblingModule(importMetaUrl: string, name: string): URL {
  const extension = new URL(importMetaUrl).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, importMetaUrl);
}
