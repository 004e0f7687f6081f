import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReadmeExample as run } from '../../../tools/readme-check/src/run';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Run this package's README example as a user would (tools/readme-check's runner). */
export function runReadmeExample(env: Record<string, string>) {
  return run(env, packageDir);
}
