import type { UserConfig } from 'tsdown';

/** Build settings shared by every published package: dual ESM + CJS with types, for Node 22, 24 and 26. */
export const base = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node22.12',
  fixedExtension: true,
  sourcemap: true,
  clean: false,
} satisfies UserConfig;

/** Build settings shared by the private apps (demo, bench): ESM only, no types. */
export const app = {
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node22.12',
  fixedExtension: true,
  sourcemap: true,
  clean: true,
} satisfies UserConfig;
