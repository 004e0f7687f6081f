import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeBlock, runnableSource, runSource } from '../../../tools/readme-check/src/run';

const ownDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Run the first ts or js block of a package README (this one's unless `packageDir` says
 * otherwise) that contains `marker`, verbatim, as a user would: a Node ESM process importing the
 * BUILT package by name, with `env`. Shared by the fetch, axios, express and opentelemetry tests;
 * the runner itself is tools/readme-check's.
 */
export function runReadmeExample(env: Record<string, string>, packageDir = ownDir, marker = '') {
  const block = readmeBlock(join(packageDir, 'README.md'), { lang: ['ts', 'js'], marker });
  const running = runSource(runnableSource(block), { dir: join(packageDir, 'test'), env });
  return {
    output: () => running.output(),
    exited: running.exited.then((exit) => exit.code),
    stop: async () => void (await running.stop()),
  };
}
