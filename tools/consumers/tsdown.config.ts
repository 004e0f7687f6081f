import { defineConfig } from 'tsdown';
import { app } from '../../tsdown.base.ts';

/** A private tool, not a package: one ESM entry, no types; the fixtures stay plain files. */
export default defineConfig({ ...app, entry: ['src/main.ts'] });
