import { builtinModules } from 'node:module';
import ts from 'typescript';

/** The package a bare module specifier loads: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Whether `specifier` is one of Node's built-in modules (`node:fs`, `fs`, `fs/promises`). */
export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageOf(specifier));
}

/** The packages `code` imports (import, export … from, require(), import()), built-ins left out. */
export function importedPackages(code: string): string[] {
  const { importedFiles } = ts.preProcessFile(code, true, true);
  const names = importedFiles
    .map((f) => f.fileName)
    .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !isBuiltin(s))
    .map(packageOf);
  return [...new Set(names)];
}
