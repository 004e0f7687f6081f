import { defineConfig } from 'tsdown';
import { app } from '../../tsdown.base.ts';

/**
 * The demo is an app, not a package: one ESM entry, no types; dependencies stay external.
 * Legacy decorators come from tsconfig.json (`experimentalDecorators`); every Nest injection in
 * src/ names its token with @Inject, so no decorator metadata is needed.
 */
export default defineConfig({
  ...app,
  entry: ['src/main.ts'],
});
