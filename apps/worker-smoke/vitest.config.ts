import { defineConfig } from 'vitest/config';

// One file, run in order: each test boots its own workerd (Miniflare) against one mock Adumo.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 45_000,
    hookTimeout: 30_000,
  },
});
