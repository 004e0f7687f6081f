import { defineConfig } from 'vitest/config';

// The tests run the BUILT demo (dist/main.mjs) as a child process, like `pnpm demo` does.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
