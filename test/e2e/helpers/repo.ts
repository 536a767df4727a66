// Paths of the repository under test and a build step for when its artefacts are missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, `file://${repoRoot}`));
}

/** Runs an npm script when any of `artefacts` is missing (a fresh clone without `npm install`). */
export function ensureBuilt(script: string, artefacts: string[]): void {
  if (artefacts.every((artefact) => existsSync(repoPath(artefact)))) return;
  execFileSync('npm', ['run', script], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * Rebuilds dist/ and web/dist when their sources are newer (scripts/ensure-built.mjs). Vitest sets
 * NODE_ENV=test, which Vite would take to build React's development bundle: build for production.
 */
export function ensureFreshBuild(): void {
  execFileSync(process.execPath, ['scripts/ensure-built.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
