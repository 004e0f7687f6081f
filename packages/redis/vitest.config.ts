import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/fixtures holds suites that skip-policy.test.ts runs in a child vitest on purpose.
    exclude: [...configDefaults.exclude, 'test/fixtures/**'],
  },
});
