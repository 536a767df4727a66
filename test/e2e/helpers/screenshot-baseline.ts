// Compares what a view looks like with its committed baseline (test/e2e/baselines/<view>.png),
// pixel by pixel within a tolerance, so that a view that renders wrong fails instead of being
// saved unseen. Baselines change only on purpose: `npm run test:update-screenshots`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { repoPath } from './repo.js';

/** Set (to any value) by `npm run test:update-screenshots`: write the baselines instead of comparing. */
export const UPDATE_SCREENSHOTS_ENV = 'TICKSCOPE_UPDATE_SCREENSHOTS';
const UPDATE_COMMAND = 'npm run test:update-screenshots';

export interface ScreenshotOptions {
  /** What moves on its own (uptime, rates, wall-clock times): painted over with one flat colour. */
  mask?: Locator[];
  /** CSS applied while the picture is taken (e.g. a fixed width for a masked text that grows). */
  style?: string;
  /**
   * Pixels allowed to differ. Rendering is deterministic on one machine (0 differ on a rerun); the
   * slack absorbs font hinting elsewhere, and stays below what one changed number repaints (~150).
   */
  maxDiffPixels?: number;
}

const baselinePath = (view: string) => repoPath(`test/e2e/baselines/${view}.png`);
const resultPath = (name: string) => repoPath(`test-results/screenshots/${name}.png`);

function write(path: string, png: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png);
}

export async function expectScreenshotMatches(
  page: Page,
  view: string,
  options: ScreenshotOptions = {},
): Promise<void> {
  const actual = await page.screenshot({
    mask: options.mask ?? [],
    maskColor: '#ff00ff',
    style: options.style,
    animations: 'disabled',
    caret: 'hide',
  });
  write(resultPath(view), actual);
  if (process.env[UPDATE_SCREENSHOTS_ENV]) {
    write(baselinePath(view), actual);
    return;
  }
  if (!existsSync(baselinePath(view))) {
    throw new Error(
      `no baseline screenshot for the ${view} view (test/e2e/baselines/${view}.png); ` +
        `review test-results/screenshots/${view}.png and create it with: ${UPDATE_COMMAND}`,
    );
  }
  const mismatch = compare(PNG.sync.read(readFileSync(baselinePath(view))), PNG.sync.read(actual));
  const allowed = options.maxDiffPixels ?? 50;
  if (mismatch.pixels <= allowed) return;
  write(resultPath(`${view}-actual`), actual);
  if (mismatch.diff) write(resultPath(`${view}-diff`), PNG.sync.write(mismatch.diff));
  throw new Error(
    `the ${view} view differs from its baseline in ${mismatch.pixels} pixels (allowed ${allowed})${mismatch.why}; ` +
      `see test-results/screenshots/${view}-actual.png and ${view}-diff.png; ` +
      `if the change is intended run: ${UPDATE_COMMAND}`,
  );
}

interface Mismatch {
  pixels: number;
  diff: PNG | null;
  why: string;
}

function compare(baseline: PNG, actual: PNG): Mismatch {
  if (baseline.width !== actual.width || baseline.height !== actual.height) {
    return {
      pixels: Math.max(baseline.width * baseline.height, actual.width * actual.height),
      diff: null,
      why: ` (size ${actual.width}×${actual.height}, baseline ${baseline.width}×${baseline.height})`,
    };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const pixels = pixelmatch(baseline.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
  return { pixels, diff, why: '' };
}
