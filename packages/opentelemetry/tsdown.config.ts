import { defineConfig } from 'tsdown';
import { base } from '../../tsdown.base';

export default defineConfig({ ...base });
