import { defineConfig } from 'tsdown';
import { app } from '../../tsdown.base.ts';

/** The bench is an app, not a package: ESM only, no types; dependencies stay external. */
export default defineConfig({
  ...app,
  entry: [
    'src/main.ts',
    'src/micro.ts',
    'src/mock-process.ts',
    'src/fleet-worker.ts',
    'src/load-process.ts',
    'src/merchants-worker.ts',
    'src/wrapper-cost-process.ts',
  ],
});
