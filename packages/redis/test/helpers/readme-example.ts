import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The README's first ```ts block, verbatim, transpiled to ESM JavaScript. */
export function readmeExample(): string {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) throw new Error('README.md has no ts example');
  return ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/**
 * Run the README example as a user would: a Node process importing the BUILT packages by name
 * (the file sits inside this package, so its own name resolves to dist), bounded by `timeoutMs`.
 */
export async function runReadmeExample(
  env: Record<string, string>,
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = join(packageDir, 'test', `.readme-example-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, readmeExample());
  try {
    return await new Promise((resolve) => {
      execFile(
        process.execPath,
        [file],
        { env: { ...process.env, ...env }, timeout: timeoutMs },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  } finally {
    rmSync(file, { force: true });
  }
}
