import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The part of esbuild's API the bundle-size row uses. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    outputFiles: { text: string; contents: Uint8Array }[];
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  }>;
}

/** What one bundled app weighs, and what weighs most in it. */
export interface BundleSize {
  /** Minified bytes. */
  readonly minified: number;
  /** Minified, then gzipped at level 9, bytes. */
  readonly gzipped: number;
  /** The inputs with the most minified bytes in the output, largest first. */
  readonly top: readonly { readonly input: string; readonly bytes: number }[];
}

/**
 * esbuild as the repository already has it (through vitest → vite; no dependency of its own), or
 * `undefined` with the reason when it cannot be found.
 */
function loadEsbuild(): Esbuild | string {
  try {
    const fromHere = createRequire(import.meta.url);
    const fromVitest = createRequire(fromHere.resolve('vitest/package.json'));
    const fromVite = createRequire(fromVitest.resolve('vite/package.json'));
    return fromVite('esbuild') as Esbuild;
  } catch (error) {
    return `esbuild not found through vitest → vite: ${(error as Error).message}`;
  }
}

/**
 * Bundle `source` (an app's ES module text, importing our packages by name as an npm user does)
 * the way a browser or edge bundler would: esbuild `--bundle --minify --format=esm
 * --platform=neutral`, resolved from this app's `node_modules` (so the packages' built `dist`,
 * what npm ships), with the packages' `sideEffects: false` honoured. Node built-ins stay external.
 */
export async function bundleSize(source: string): Promise<BundleSize> {
  const esbuild = loadEsbuild();
  if (typeof esbuild === 'string') throw new Error(esbuild);
  const resolveDir = fileURLToPath(new URL('..', import.meta.url));
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir, loader: 'js', sourcefile: 'app.mjs' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: ['node:*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output');
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  const top = Object.entries(inputs)
    .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  return {
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
    top,
  };
}
