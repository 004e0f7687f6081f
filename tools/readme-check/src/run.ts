import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { parseBlocks, where, type Block } from './blocks';

/** Which block of a README: the `index`-th (default 0) of those that match every given field. */
export interface BlockQuery {
  /** Its language, or one of these (default: any). */
  readonly lang?: string | readonly string[];
  /** Text the block contains (e.g. its first line's `// main.ts`). */
  readonly marker?: string;
  /** The heading above it starts with this (without the `#`s), e.g. `Many merchants`. */
  readonly section?: string;
  readonly index?: number;
}

/** The blocks of the README file `readme` (a path) that match `query` (its `index` ignored). */
export function readmeBlocks(readme: string, query: Omit<BlockQuery, 'index'> = {}): Block[] {
  const text = readFileSync(readme, 'utf8');
  const name = join(basename(dirname(readme)), basename(readme));
  const langs = query.lang === undefined ? undefined : [query.lang].flat();
  return parseBlocks(text, name).filter(
    (b) =>
      (langs === undefined || langs.includes(b.lang)) &&
      (query.marker === undefined || b.code.includes(query.marker)) &&
      (query.section === undefined || b.section.replace(/^#+\s*/, '').startsWith(query.section)),
  );
}

/** The one block of the README file `readme` that `query` names; throws when there is none. */
export function readmeBlock(readme: string, query: BlockQuery = {}): Block {
  const block = readmeBlocks(readme, query)[query.index ?? 0];
  if (block === undefined) throw new Error(`${readme} has no block ${JSON.stringify(query)}`);
  return block;
}

/** How a TypeScript block becomes JavaScript for Node. */
export type Format = 'esm' | 'nest-cjs';

/**
 * A block as Node runs it, prelude first: JavaScript verbatim; TypeScript with its types removed,
 * as ESM, or (`nest-cjs`) as a Nest CLI / `tsc` build of a CommonJS app compiles it (legacy
 * decorators with their metadata).
 */
export function runnableSource(block: Block, format: Format = 'esm'): string {
  const source = (block.prelude ?? '') + block.code;
  if (!/^(ts|typescript)$/.test(block.lang)) return source;
  const compilerOptions: ts.CompilerOptions =
    format === 'esm'
      ? { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
      : {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
        };
  return ts.transpileModule(source, { compilerOptions, fileName: where(block) }).outputText;
}

/** How a block ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A block running in a Node process. */
export interface RunningBlock {
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  readonly exited: Promise<Exit>;
  /** End it (SIGTERM) if it still runs, wait for it and remove its file. */
  stop(): Promise<Exit>;
}

let files = 0;

/**
 * Run `source` (see {@link runnableSource}) as a user would: a Node process started on a file in
 * `dir`, so `import '@adumo-oauth/x'` finds the BUILT packages as a user's project does (the
 * package's own name by self-reference, its dependencies from its node_modules). The file is
 * `.readme-example-<pid>-<n>.<mjs|cjs>` (git-ignored) and removed on stop.
 */
export function runSource(
  source: string,
  options: { readonly dir: string; readonly env: Record<string, string>; readonly cjs?: boolean },
): RunningBlock {
  const file = join(
    options.dir,
    `.readme-example-${process.pid}-${files++}.${options.cjs === true ? 'cjs' : 'mjs'}`,
  );
  writeFileSync(file, source);
  const child = spawn(process.execPath, [relative(options.dir, file)], {
    cwd: options.dir,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      rmSync(file, { force: true });
      resolve({ code, signal });
    }),
  );
  return {
    output: () => ({ stdout, stderr }),
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Run `source` to its end (SIGTERM after `timeoutMs`): its exit code and output. */
export async function runToEnd(
  source: string,
  options: Parameters<typeof runSource>[1] & { readonly timeoutMs: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const running = runSource(source, options);
  const timer = setTimeout(() => void running.stop(), options.timeoutMs);
  const { code } = await running.exited;
  clearTimeout(timer);
  return { code, ...running.output() };
}

/**
 * Run the first ts or js block of the README of the package at `packageDir` that contains
 * `marker`, verbatim, as a user would: a Node ESM process in the package's test folder, importing
 * the BUILT packages by name, with `env`. `exited` resolves its exit code.
 */
export function runReadmeExample(env: Record<string, string>, packageDir: string, marker = '') {
  const block = readmeBlock(join(packageDir, 'README.md'), { lang: ['ts', 'js'], marker });
  const running = runSource(runnableSource(block), { dir: join(packageDir, 'test'), env });
  return {
    output: () => running.output(),
    exited: running.exited.then((exit) => exit.code),
    stop: async () => void (await running.stop()),
  };
}

/** What a README example printed and how it ended, run against a fresh mock Adumo. */
export interface ExampleAgainstMock {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The mock it ran against (still open while the check runs). */
  readonly mock: MockAdumo;
}

/** How {@link checkExampleAgainstMock} runs the example. */
export interface ExampleAgainstMockOptions {
  /** `ADUMO_CLIENT_SECRET` instead of the mock's default client's secret (e.g. a refused one). */
  readonly clientSecret?: string;
  /** Called with the fresh mock before the example starts (e.g. to change its client). */
  readonly prepare?: (mock: MockAdumo) => void;
}

/**
 * Run the README example of the package at `packageDir` (see {@link runReadmeExample}) to its
 * end against a fresh mock Adumo, with the mock's default client in `ADUMO_BASE_URL`,
 * `ADUMO_CLIENT_ID` and `ADUMO_CLIENT_SECRET`; `check` gets its exit code, its output and the
 * mock. The example is stopped and the mock closed afterwards, whatever `check` does.
 */
export async function checkExampleAgainstMock(
  packageDir: string,
  check: (run: ExampleAgainstMock) => void | Promise<void>,
  options: ExampleAgainstMockOptions = {},
): Promise<void> {
  const mock = await startMockAdumo();
  try {
    options.prepare?.(mock);
    const example = runReadmeExample(
      {
        ADUMO_BASE_URL: mock.baseUrl,
        ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
        ADUMO_CLIENT_SECRET: options.clientSecret ?? DEFAULT_CLIENT.clientSecret,
      },
      packageDir,
    );
    try {
      const code = await example.exited;
      await check({ code, ...example.output(), mock });
    } finally {
      await example.stop();
    }
  } finally {
    await mock.close();
  }
}

/**
 * The README example checks the adapter packages share, for the package at `packageDir`:
 * `againstMock` ({@link checkExampleAgainstMock}); `succeeds`: exit 0, nothing on stderr, stdout
 * matching `stdout`, one token request and `apiCalls` API calls; `refusesCredentials`: with a
 * refused secret, the typed error's code first on stderr, the secret nowhere, no API call.
 */
export function readmeExampleChecks(packageDir: string) {
  const againstMock = (
    check: (run: ExampleAgainstMock) => void | Promise<void>,
    options?: ExampleAgainstMockOptions,
  ): Promise<void> => checkExampleAgainstMock(packageDir, check, options);
  return {
    againstMock,
    succeeds: (stdout: RegExp, apiCalls: number): Promise<void> =>
      againstMock((run) => {
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
        expect(run.stdout).toMatch(stdout);
        expect(run.mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls });
      }),
    refusesCredentials: (): Promise<void> =>
      againstMock(
        (run) => {
          expect(run.code).toBe(0);
          expect(run.stderr).toMatch(/^token_endpoint /);
          expect(run.stderr).not.toContain(REFUSED_SECRET);
          expect(run.mock.stats.snapshot().apiCalls).toBe(0);
        },
        { clientSecret: REFUSED_SECRET },
      ),
  };
}

const REFUSED_SECRET = 'not-the-secret';
