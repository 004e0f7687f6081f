import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ownDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The first ```ts block of a package README (this one's unless `packageDir` says otherwise) that
 * contains `marker` (any block without one), verbatim, compiled to JavaScript (ESM). Shared by the
 * fetch and express packages' tests.
 */
export function readmeExample(packageDir = ownDir, marker = ''): string {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const code = blocks.find((block) => block.includes(marker));
  if (code === undefined)
    throw new Error(`README.md has no ts example with ${JSON.stringify(marker)}`);
  return ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/**
 * Run the README example as a user would (a Node ESM process importing the BUILT package by name)
 * with `env`. The file lives in the package (its own name resolves by self-reference, its
 * dependencies from its node_modules); removed on stop.
 */
export function runReadmeExample(env: Record<string, string>, packageDir = ownDir, marker = '') {
  const file = join(packageDir, 'test', `.readme-example-${process.pid}.mjs`);
  writeFileSync(file, readmeExample(packageDir, marker));
  const child: ChildProcess = spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    output: () => ({ stdout, stderr }),
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
      rmSync(file, { force: true });
    },
  };
}
