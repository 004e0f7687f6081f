import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeBlocks, runnableSource, runSource } from '../../../tools/readme-check/src/run';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The README's runnable programs: the ```ts blocks whose first line is `// main.ts…`. */
function programBlocks() {
  return readmeBlocks(join(packageDir, 'README.md'), { lang: 'ts' }).filter((b) =>
    b.code.startsWith('// main.ts'),
  );
}

/** The README's runnable programs, verbatim. */
export function readmePrograms(): string[] {
  return programBlocks().map((b) => b.code);
}

/**
 * Compile a README program as a Nest CLI / `tsc` build of a CommonJS app does (legacy decorators
 * WITH metadata) and run it with `env`. The file sits in the package (so `@adumo-oauth/nestjs`
 * resolves to the BUILT dist through the package's own "exports"); removed when it ends.
 */
export function runReadmeProgram(index: number, env: Record<string, string>) {
  const block = programBlocks()[index];
  if (block === undefined) throw new Error(`README.md has no runnable program #${index}`);
  return runSource(runnableSource(block, 'nest-cjs'), {
    dir: join(packageDir, 'test'),
    env,
    cjs: true,
  });
}
