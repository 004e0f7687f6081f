import { defineConfig } from 'tsdown';
import { base } from '../../tsdown.base.ts';

// One output file per source module: with `sideEffects: false`, a bundler then drops every module
// an app does not reach (an app with only `TokenManager` gets none of the pool's code).
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/adapter.ts'], unbundle: true });
