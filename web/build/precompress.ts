// Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the production bundle,
// so that the server sends compressed bytes (@fastify/static `preCompressed`) without compressing
// on every request, and can afford the slowest, smallest settings once at build time.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Text the browser loads. Source maps are left out: only developer tools fetch them, and brotli at
 * quality 11 takes seconds on a map of a megabyte or more.
 */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;

export interface PrecompressedFile {
  /** Path relative to the directory that was compressed, with `/` separators. */
  file: string;
  bytes: number;
  /** Size of the `.br` copy; null when brotli did not make the file smaller and no copy was written. */
  brotliBytes: number | null;
  gzipBytes: number | null;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** Writes the copy only when it is smaller: a file too small to gain is served as it is. */
function writeIfSmaller(path: string, original: Buffer, compressed: Buffer): number | null {
  if (compressed.length >= original.length) return null;
  writeFileSync(path, compressed);
  return compressed.length;
}

export function precompressFile(path: string): Omit<PrecompressedFile, 'file'> {
  const original = readFileSync(path);
  const brotli = brotliCompressSync(original, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
    },
  });
  const gzip = gzipSync(original, { level: constants.Z_BEST_COMPRESSION });
  return {
    bytes: original.length,
    brotliBytes: writeIfSmaller(`${path}.br`, original, brotli),
    gzipBytes: writeIfSmaller(`${path}.gz`, original, gzip),
  };
}

/** Compresses every compressible file under `dir`; returns what was written, file by file. */
export function precompressDirectory(dir: string): PrecompressedFile[] {
  return listFiles(dir)
    .filter((file) => COMPRESSIBLE.test(file))
    .map((file) => ({ file, ...precompressFile(join(dir, file)) }));
}

/** Vite plugin: precompresses the output directory once the bundle is written. */
export function precompressPlugin(): Plugin {
  return {
    name: 'tickscope-precompress',
    apply: 'build',
    writeBundle(options) {
      if (!options.dir) throw new Error('precompress: the build has no output directory (build.outDir)');
      const files = precompressDirectory(options.dir);
      const sum = (pick: (file: PrecompressedFile) => number | null) =>
        files.reduce((total, file) => total + (pick(file) ?? file.bytes), 0);
      this.info(
        `precompressed ${files.length} files: ${kb(sum((f) => f.bytes))} → brotli ${kb(sum((f) => f.brotliBytes))}, gzip ${kb(sum((f) => f.gzipBytes))}`,
      );
    },
  };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
