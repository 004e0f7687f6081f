import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, succeeded } from './exec';

/** One published package, packed. */
export interface Packed {
  /** e.g. `@adumo-oauth/core` */
  readonly name: string;
  /** Absolute path of its tarball. */
  readonly tarball: string;
  /** `@adumo-oauth/*` packages it depends on (dependencies and peers), which must come as tarballs too. */
  readonly internal: readonly string[];
  /** Its README as packed (the tarball's own copy). */
  readonly readme: string;
}

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Every non-private package under `packages/`, as `pnpm pack` makes it, two at a time. */
export async function packAll(root: string, destination: string): Promise<Map<string, Packed>> {
  mkdirSync(destination, { recursive: true });
  const dirs = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, 'packages', entry.name))
    .filter((dir) => {
      try {
        return !(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest).private;
      } catch {
        return false;
      }
    });
  const packed = new Map<string, Packed>();
  const queue = [...dirs];
  const worker = async () => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      const item = await packOne(dir, destination);
      packed.set(item.name, item);
    }
  };
  await Promise.all([worker(), worker()]);
  return packed;
}

async function packOne(dir: string, destination: string): Promise<Packed> {
  const result = await run('pnpm', ['pack', '--pack-destination', destination], {
    cwd: dir,
    timeoutMs: 60_000,
  });
  if (!succeeded(result)) throw new Error(`pnpm pack failed in ${dir}:\n${result.output}`);
  const tarball = result.output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.endsWith('.tgz'));
  if (tarball === undefined)
    throw new Error(`pnpm pack in ${dir} named no tarball:\n${result.output}`);
  const path = tarball.startsWith('/') ? tarball : join(destination, tarball);
  const list = await run('tar', ['-xzOf', path, 'package/package.json'], {
    cwd: destination,
    timeoutMs: 30_000,
  });
  const manifest = JSON.parse(list.output) as Manifest;
  const readme = await run('tar', ['-xzOf', path, 'package/README.md'], {
    cwd: destination,
    timeoutMs: 30_000,
  });
  if (!succeeded(readme)) throw new Error(`${manifest.name}: the tarball has no README.md`);
  const internal = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(
    (dep) => dep.startsWith('@adumo-oauth/'),
  );
  return { name: manifest.name, tarball: path, internal, readme: readme.output };
}

/** The `lang` code blocks of a README, in order (the code only, without the fences). */
export function codeBlocks(readme: string, lang: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm');
  for (let match = fence.exec(readme); match !== null; match = fence.exec(readme))
    blocks.push(match[1]!);
  return blocks;
}
