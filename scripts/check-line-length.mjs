// Fails on any source line longer than the limit. Biome's formatter wraps code at the same width
// but leaves comments and long strings alone; this catches those. Usage: node scripts/check-line-length.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const LIMIT = 120;
const ROOTS = ['src', 'test', 'bench', 'web/src', 'scripts', 'examples'];
const EXTENSIONS = /\.(ts|tsx|mjs|js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data']);
const root = join(import.meta.dirname, '..');

function* sourceFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* sourceFiles(path);
    } else if (EXTENSIONS.test(entry.name)) {
      yield path;
    }
  }
}

const offenders = [];
for (const dir of ROOTS) {
  for (const file of sourceFiles(join(root, dir))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      // Code points, as an editor counts columns (a '≥' is one, not three bytes).
      const length = [...line].length;
      if (length > LIMIT) offenders.push(`${relative(root, file)}:${index + 1}: ${length} characters`);
    });
  }
}

if (offenders.length > 0) {
  console.error(offenders.join('\n'));
  console.error(`${offenders.length} line(s) longer than ${LIMIT} characters: wrap the comment or split the string.`);
  process.exit(1);
}
console.log(`No line longer than ${LIMIT} characters in ${ROOTS.join(', ')}.`);
