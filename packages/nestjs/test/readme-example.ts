import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { runNode } from './child-process';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The README's runnable programs: the ```ts blocks whose first line is `// main.ts…`, verbatim. */
export function readmePrograms(): string[] {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n(\/\/ main\.ts[\s\S]*?)```/g)].map((match) => match[1]!);
}

/**
 * Compile a README program as a Nest CLI / `tsc` build of a CommonJS app does (legacy decorators
 * WITH metadata) and run it with `env`. The file sits in the package (so `@adumo-oauth/nestjs`
 * resolves to the BUILT dist through the package's own "exports"); removed on stop.
 */
export function runReadmeProgram(index: number, env: Record<string, string>) {
  const source = readmePrograms()[index];
  if (source === undefined) throw new Error(`README.md has no runnable program #${index}`);
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  const file = join(packageDir, 'test', `.readme-example-${process.pid}-${index}.cjs`);
  writeFileSync(file, outputText);
  const program = runNode(file, env);
  return {
    ...program,
    stop: async () => {
      const exit = await program.stop();
      rmSync(file, { force: true });
      return exit;
    },
  };
}
