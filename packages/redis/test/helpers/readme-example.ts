import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeBlock, runnableSource, runToEnd } from '../../../../tools/readme-check/src/run';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Run the README's first ```ts block (or the first one under the `## section` heading), verbatim,
 * as a user would: a Node process importing the BUILT packages by name (the file sits inside this
 * package, so its own name resolves to dist), bounded by `timeoutMs`.
 */
export function runReadmeExample(
  env: Record<string, string>,
  timeoutMs = 15_000,
  section?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const block = readmeBlock(join(packageDir, 'README.md'), {
    lang: 'ts',
    ...(section === undefined ? {} : { section }),
  });
  return runToEnd(runnableSource(block), { dir: join(packageDir, 'test'), env, timeoutMs });
}
