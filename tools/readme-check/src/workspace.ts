import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from './commands';

interface Manifest {
  readonly name?: string;
  readonly private?: boolean;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** The package.json files of the workspace at `root`: packages/*, apps/*, tools/*. */
function manifests(root: string): Manifest[] {
  const found: Manifest[] = [];
  for (const group of ['packages', 'apps', 'tools']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const file = join(root, group, name, 'package.json');
      if (statSync(file, { throwIfNoEntry: false })?.isFile() === true) found.push(read(file));
    }
  }
  return found;
}

/** What the command checks know about the repository at `root`, from its package.json files. */
export function readWorkspace(root: string): Workspace {
  const rootManifest = read(join(root, 'package.json'));
  const all = manifests(root);
  const published = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const dependencies = new Map<string, string[]>();
  const tested = new Map<string, string[]>();
  for (const m of [rootManifest, ...all]) {
    if (m !== rootManifest && m.name !== undefined) {
      packages.set(m.name, Object.keys(m.scripts ?? {}));
      if (m.private !== true) {
        const bins =
          typeof m.bin === 'string' ? [m.name.split('/').pop()!] : Object.keys(m.bin ?? {});
        published.set(m.name, bins);
      }
    }
    for (const deps of [m.dependencies, m.devDependencies, m.peerDependencies]) {
      for (const [key, spec] of Object.entries(deps ?? {})) {
        if (spec.startsWith('workspace:')) continue;
        // An alias (`"express4": "npm:express@~4.17.3"`) tests the package it names.
        const alias = /^npm:(@?[^@]+)@(.+)$/.exec(spec);
        const [name, range] = alias === null ? [key, spec] : [alias[1]!, alias[2]!];
        dependencies.set(name, [...(dependencies.get(name) ?? []), range]);
        if (deps !== m.peerDependencies) tested.set(name, [...(tested.get(name) ?? []), range]);
      }
    }
  }
  return {
    published,
    packages,
    rootScripts: Object.keys(rootManifest.scripts ?? {}),
    dependencies,
    tested,
  };
}
