import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// swc compiles the legacy decorators (vite's default transform cannot emit decorator metadata).
// The library (src) is compiled WITHOUT metadata, as tsdown builds it, so a missing explicit
// @Inject would fail here; the tests' own classes get metadata, like a typical Nest app.
export default defineConfig({
  plugins: [
    swc.vite({ include: /\/src\/.*\.ts$/, jsc: { transform: { decoratorMetadata: false } } }),
    swc.vite({ include: /\/test\/.*\.ts$/, jsc: { transform: { decoratorMetadata: true } } }),
  ],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
