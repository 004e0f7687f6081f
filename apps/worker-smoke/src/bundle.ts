import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The Worker's source (ES module syntax). */
export const WORKER_ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts');

/** What {@link bundleWorker} produced. */
export interface WorkerBundle {
  /** The bundled ES module, as workerd loads it. */
  readonly code: string;
  /**
   * Every import left in the bundle (esbuild's metafile). Node built-ins are kept external, not
   * fatal, so a Node-only dependency shows up here (and as workerd's `No such module`) instead of
   * as a build error.
   */
  readonly externalImports: readonly string[];
}

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'node:*'];

/**
 * Bundle the Worker like Wrangler does for a module Worker without `nodejs_compat`: one ESM file,
 * platform-neutral, resolving the packages' `worker`/`browser`/`import` conditions, so the
 * packages' built `dist` is what runs.
 */
export async function bundleWorker(outfile: string): Promise<WorkerBundle> {
  const result = await build({
    entryPoints: [WORKER_ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['worker', 'browser', 'import'],
    mainFields: ['module', 'main'],
    external: nodeBuiltins,
    metafile: true,
    write: true,
    logLevel: 'silent',
  });
  const outputs = Object.values(result.metafile.outputs);
  const externalImports = outputs.flatMap((output) => output.imports.map((i) => i.path));
  return { code: await readFile(outfile, 'utf8'), externalImports };
}
