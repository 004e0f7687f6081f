import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The README's first ```ts block (or the first one under the `## section` heading), verbatim,
 * transpiled to ESM JavaScript.
 */
export function readmeExample(section?: string): string {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const start = section === undefined ? 0 : readme.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README.md has no section "${section}"`);
  const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
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
  section?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = join(packageDir, 'test', `.readme-example-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, readmeExample(section));
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
