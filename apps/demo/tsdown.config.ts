import { defineConfig } from 'tsdown';
import { app } from '../../tsdown.base.ts';

/**
 * The demo is an app, not a package: one ESM entry, no types; dependencies stay external.
 * Legacy decorators come from tsconfig.json (`experimentalDecorators`); every Nest injection in
 * src/ names its token with @Inject, so no decorator metadata is needed.
 *
 * `@adumo-oauth/nestjs` is the one dependency bundled in: in this workspace it is a link to
 * packages/nestjs, whose own `@nestjs/*` imports would resolve to ITS dev dependencies (Nest 11)
 * beside the demo's Nest 12 — two copies of Nest, which Nest rejects. Bundled, its `@nestjs/*`
 * imports stay external and resolve from the demo, as an installed package's peers do in a user's
 * app. The optional peers it loads on demand (`@nestjs/terminus`) stay external too.
 */
export default defineConfig({
  ...app,
  entry: ['src/main.ts'],
  deps: {
    alwaysBundle: ['@adumo-oauth/nestjs'],
    neverBundle: [/^@nestjs\//],
    onlyBundle: false,
  },
});
