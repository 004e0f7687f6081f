import { dirname, join } from 'node:path';
import ts from 'typescript';
import { where, type Block } from './blocks';

/** The block languages that are compiled: TypeScript type-checked, JavaScript with `checkJs`. */
export const CODE_LANGS: ReadonlySet<string> = new Set([
  'ts',
  'typescript',
  'js',
  'javascript',
  'mjs',
  'cjs',
]);

/** How a block is compiled, as the user it is written for would. */
export type Profile = 'ts' | 'nest' | 'js';

/**
 * A JavaScript block is checked with `checkJs` as a JavaScript user's editor does (undefined
 * names, missing exports, wrong members and arguments; no strict null checks, no annotations
 * asked for). A TypeScript Nest block (it imports `@nestjs/*` or `@adumo-oauth/nestjs`) is a
 * CommonJS app with legacy decorators and their metadata, as `nest new` sets it up; every other
 * TypeScript block is ESM, as `tsc --init` sets it up (strict and then some).
 */
export function profileOf(block: Block): Profile {
  if (!/^(ts|typescript)$/.test(block.lang)) return 'js';
  return /from '@(nestjs\/[\w-]+|adumo-oauth\/nestjs)'/.test(block.code) ? 'nest' : 'ts';
}

/** The file name extension a block is written to: its module format and language. */
export function extensionOf(block: Block): '.mts' | '.cts' | '.mjs' | '.cjs' {
  const js = !/^(ts|typescript)$/.test(block.lang);
  const cjs =
    block.lang === 'cjs' ||
    (block.lang !== 'mjs' && (js ? /\brequire\(/.test(block.code) : profileOf(block) === 'nest'));
  return js ? (cjs ? '.cjs' : '.mjs') : cjs ? '.cts' : '.mts';
}

/** Options every profile shares: `tsc --init` of TypeScript 5.9 (strict and then some), Node types. */
const COMMON: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  isolatedModules: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
  skipLibCheck: true,
  allowJs: true,
  checkJs: true,
  noEmit: true,
  types: ['node'],
};

const PROFILES: Record<Profile, ts.CompilerOptions> = {
  ts: { ...COMMON, verbatimModuleSyntax: true },
  nest: { ...COMMON, experimentalDecorators: true, emitDecoratorMetadata: true },
  js: {
    ...COMMON,
    strict: false,
    noUncheckedIndexedAccess: false,
    exactOptionalPropertyTypes: false,
  },
};

/** One compiler message about a block, placed at its README line. */
export interface BlockDiagnostic {
  readonly block: Block;
  /** `README.md:LINE` of the line the message is about (the fence's line for a prelude). */
  readonly at: string;
  readonly message: string;
}

/** The virtual file a block is checked as: its prelude, then its code, verbatim. */
export interface BlockFile {
  readonly block: Block;
  readonly path: string;
  readonly text: string;
  readonly preludeLines: number;
}

/**
 * Type-check `blocks` (ts and js) as files of the directory `dir`, whose node_modules holds the
 * packages the blocks import (built packages and their real dependencies). Nothing is written:
 * the files exist only for the compiler. Returns every error, placed at its README line.
 */
export function typecheckBlocks(blocks: readonly Block[], dir: string): BlockDiagnostic[] {
  const files = blocks.map((block, i): BlockFile => {
    const slug = block.readme.replace(/[^\w]+/g, '-');
    const prelude = block.prelude ?? '';
    return {
      block,
      path: join(dir, `${slug}-${block.line}-${i}${extensionOf(block)}`),
      text: prelude + block.code,
      preludeLines: prelude === '' ? 0 : prelude.split('\n').length - 1,
    };
  });
  const diagnostics: BlockDiagnostic[] = [];
  for (const profile of ['ts', 'nest', 'js'] as const) {
    const group = files.filter((f) => profileOf(f.block) === profile);
    if (group.length > 0) diagnostics.push(...check(group, PROFILES[profile]));
  }
  return diagnostics;
}

function check(files: readonly BlockFile[], options: ts.CompilerOptions): BlockDiagnostic[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const base = ts.createCompilerHost(options, true);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (path) => byPath.has(path) || base.fileExists(path),
    readFile: (path) => byPath.get(path)?.text ?? base.readFile(path),
    directoryExists: (path) =>
      files.some((f) => dirname(f.path) === path) || (base.directoryExists?.(path) ?? true),
    getSourceFile: (path, language, onError, create) => {
      const file = byPath.get(path);
      return file === undefined
        ? base.getSourceFile(path, language, onError, create)
        : ts.createSourceFile(path, file.text, language, true);
    },
  };
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options, host });
  const all = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of files) {
    const source = program.getSourceFile(file.path);
    if (source === undefined) continue;
    all.push(...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source));
  }
  return all.map((d) => place(d, byPath));
}

function place(d: ts.Diagnostic, byPath: ReadonlyMap<string, BlockFile>): BlockDiagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const file = d.file === undefined ? undefined : byPath.get(d.file.fileName);
  if (file === undefined || d.start === undefined) {
    // An error outside the blocks (a package's types): name the first block it could be about.
    const any = [...byPath.values()][0]!;
    const outside = d.file === undefined ? '' : ` (in ${d.file.fileName})`;
    return { block: any.block, at: where(any.block), message: `TS${d.code}${outside}: ${message}` };
  }
  const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start);
  const inPrelude = line < file.preludeLines;
  const readmeLine = file.block.line + 1 + line - file.preludeLines;
  return {
    block: file.block,
    at: inPrelude
      ? `${where(file.block)} (prelude)`
      : `${file.block.readme}:${readmeLine}:${character + 1}`,
    message: `TS${d.code}: ${message}`,
  };
}
