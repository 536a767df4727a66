import { defineConfig } from 'vitest/config';

// Two projects: `unit` holds every test; `golden` is the subset that compares against the
// reference vectors in GOLDEN_DIR (default ../shared/golden), runnable alone via `npm run test:golden`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts', 'web/build/**/*.test.ts'],
          exclude: ['**/*.golden.test.ts', 'test/e2e/**', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'golden',
          include: ['src/**/*.golden.test.ts', 'test/**/*.golden.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
