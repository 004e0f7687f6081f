import { defineConfig } from 'vitest/config';

// The tests run the BUILT demo (dist/main.mjs) as a child process, like `pnpm demo` does.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A whole demo run (2,000 checkouts included) on a busy CI machine.
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
