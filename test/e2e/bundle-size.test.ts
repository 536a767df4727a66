// Production bundle budget (web/size-budget.json): the gzip size of every JS and CSS file the
// dashboard ships, summed, so a heavy dependency cannot slip in unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, repoPath } from './helpers/repo.js';

interface SizeBudget {
  maxGzipKb: number;
}

describe('web bundle size', () => {
  it('stays within the gzip budget', () => {
    ensureBuilt('build:web', ['web/dist/index.html']);
    const budget = JSON.parse(readFileSync(repoPath('web/size-budget.json'), 'utf8')) as SizeBudget;
    const assets = repoPath('web/dist/assets');
    const files = readdirSync(assets).filter((name) => /\.(js|css)$/.test(name));
    expect(files.length).toBeGreaterThan(0);
    const sizes = files.map((name) => ({
      name,
      gzipKb: gzipSync(readFileSync(join(assets, name)), { level: 9 }).length / 1024,
    }));
    const totalKb = sizes.reduce((sum, file) => sum + file.gzipKb, 0);
    const report = sizes.map((file) => `${file.name}: ${file.gzipKb.toFixed(1)} KB`).join(', ');
    expect(
      totalKb,
      `gzip total ${totalKb.toFixed(1)} KB over budget ${budget.maxGzipKb} KB (${report})`,
    ).toBeLessThanOrEqual(budget.maxGzipKb);
  });
});
