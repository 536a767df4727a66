// Marks a build output folder as CommonJS: the package root says "type": "module", so without a
// nearer package.json Node would load dist/cjs/*.js as ES modules and `require('tickscope')` would fail.
// Usage: node scripts/mark-commonjs.mjs dist/cjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/mark-commonjs.mjs <output folder>');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
