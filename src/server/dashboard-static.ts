// Serves the built dashboard (web/dist): the brotli or gzip copy written at build time when the
// browser accepts it, and cache headers that let a browser keep hashed assets for good while
// always revalidating the page that names them.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite puts every bundled file here with a content hash in its name: a new build means a new URL. */
const HASHED_ASSETS_DIR = 'assets';
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The page may be stored, but must be revalidated (ETag) so that a new build is seen at once. */
export const REVALIDATE_CACHE = 'no-cache';

/** True when `webRoot` holds a built dashboard; then it is served at `/`. */
export async function serveDashboard(app: FastifyInstance, webRoot: string | undefined): Promise<boolean> {
  if (webRoot === undefined || !existsSync(join(webRoot, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    preCompressed: true,
    // The copies are chosen by Accept-Encoding under the original's URL, never fetched by their own.
    globIgnore: ['**/*.br', '**/*.gz'],
    setHeaders(reply, path) {
      const [topDir] = relative(webRoot, path).split(sep);
      reply.header('cache-control', topDir === HASHED_ASSETS_DIR ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    },
  });
  return true;
}
