import { defineConfig } from 'tsdown';
import { base } from '../../tsdown.base';

export default defineConfig({ ...base, entry: ['src/index.ts', 'src/cli.ts'] });
