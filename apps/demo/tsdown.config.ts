import { defineConfig } from 'tsdown';

/**
 * The demo is an app, not a package: one ESM entry, no types; dependencies stay external.
 * Legacy decorators come from tsconfig.json (`experimentalDecorators`); every Nest injection in
 * src/ names its token with @Inject, so no decorator metadata is needed.
 */
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node20.19',
  fixedExtension: true,
  sourcemap: true,
  clean: true,
});
