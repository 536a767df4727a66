// Builds the server and the web app when their output is missing or older than their sources,
// so that `npm start` works right after a clone or a pull. `--server-only` leaves the web app alone
// (the soak benchmark and the CLI's e2e tests run the server without a browser).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stale = (output, sources) => !existsSync(output) || statSync(output).mtimeMs < Math.max(...sources.map(newest));

if (stale('dist/cli/main.js', ['src'])) execSync('npm run build:server', { stdio: 'inherit' });
if (!process.argv.includes('--server-only') && stale('web/dist/index.html', ['web']))
  execSync('npm run build:web', { stdio: 'inherit' });
