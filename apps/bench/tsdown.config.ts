import { defineConfig } from 'tsdown';

/** The bench is an app, not a package: ESM only, no types; dependencies stay external. */
export default defineConfig({
  entry: [
    'src/main.ts',
    'src/micro.ts',
    'src/mock-process.ts',
    'src/fleet-worker.ts',
    'src/load-process.ts',
  ],
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node20.19',
  fixedExtension: true,
  sourcemap: true,
  clean: true,
});
