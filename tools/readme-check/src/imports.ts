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

/**
 * The `@types/…` package that gives `name` its types when the package has none of its own, as
 * TypeScript resolves it from `dir` (`undefined` when the package has its own types).
 */
export function typesPackageOf(name: string, dir: string): string | undefined {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const { resolvedModule } = ts.resolveModuleName(name, `${dir}/index.mts`, options, ts.sys);
  const file = resolvedModule?.resolvedFileName;
  const types = file === undefined ? undefined : /node_modules\/(@types\/[^/]+)\//.exec(file)?.[1];
  return types ?? (file === undefined ? `@types/${name.replace(/^@(.*)\//, '$1__')}` : undefined);
}
