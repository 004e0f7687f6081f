import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run, succeeded, type CommandResult } from './exec';
import { codeBlocks, type Packed } from './pack';
import type { FileSource, Scenario } from './scenario';

/** Where the runner's inputs live and where it may write. */
export interface Workspace {
  /** tools/consumers/fixtures */
  readonly fixtures: string;
  /** The scenario projects' parent directory (under the OS temp dir). */
  readonly projects: string;
  /** One npm cache for every install. */
  readonly npmCache: string;
  readonly packed: ReadonlyMap<string, Packed>;
}

const INSTALL_TIMEOUT_MS = 150_000;

/** Create the scenario's project directory: package.json (tarballs + registry deps) and files. */
export function writeProject(scenario: Scenario, workspace: Workspace): string {
  const dir = join(workspace.projects, scenario.name.replace(/[^a-z0-9.-]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  if (scenario.fixture !== undefined)
    cpSync(join(workspace.fixtures, scenario.fixture), dir, { recursive: true });
  const tarballs: Record<string, string> = {};
  const add = (name: string) => {
    const packed = workspace.packed.get(name);
    if (packed === undefined) throw new Error(`${scenario.name}: no packed package ${name}`);
    if (name in tarballs) return;
    tarballs[name] = `file:${packed.tarball}`;
    packed.internal.forEach(add);
  };
  scenario.packages.forEach((short) => add(`@adumo-oauth/${short}`));
  const manifest = {
    name: 'consumer',
    version: '1.0.0',
    private: true,
    ...(scenario.type === undefined ? {} : { type: scenario.type }),
    dependencies: {
      ...tarballs,
      ...readmeDependencies(scenario, workspace),
      ...scenario.dependencies,
    },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [path, source] of Object.entries(scenario.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), resolveSource(scenario, source, workspace));
  }
  return dir;
}

/**
 * The registry packages of the install lines of the packed README `scenario.readmeInstall`:
 * name → the version the line names, or `latest`.
 */
function readmeDependencies(scenario: Scenario, workspace: Workspace): Record<string, string> {
  if (scenario.readmeInstall === undefined) return {};
  const readme = workspace.packed.get(`@adumo-oauth/${scenario.readmeInstall}`)?.readme;
  if (readme === undefined)
    throw new Error(`${scenario.name}: no packed package ${scenario.readmeInstall}`);
  const found: Record<string, string> = {};
  for (const line of codeBlocks(readme, 'sh').flatMap((block) => block.split('\n'))) {
    const [program, verb, ...args] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (program !== 'npm' || !['install', 'i', 'add'].includes(verb ?? '')) continue;
    for (const spec of args.filter((a) => !a.startsWith('-') && !a.startsWith('@adumo-oauth/'))) {
      const at = spec.indexOf('@', 1);
      const [name, version] = at < 0 ? [spec, 'latest'] : [spec.slice(0, at), spec.slice(at + 1)];
      found[name] = version;
    }
  }
  if (Object.keys(found).length === 0) {
    throw new Error(
      `${scenario.name}: the packed ${scenario.readmeInstall} README has no install line`,
    );
  }
  for (const [name, range] of Object.entries(scenario.dependencies ?? {})) {
    const named = found[name];
    if (named !== undefined && named !== 'latest' && named !== range) {
      throw new Error(
        `${scenario.name}: dependencies pin ${name} ${range}, the ${scenario.readmeInstall} README names ${named}`,
      );
    }
  }
  return found;
}

function resolveSource(scenario: Scenario, source: FileSource, workspace: Workspace): string {
  if (typeof source === 'string') return source;
  const packed = workspace.packed.get(`@adumo-oauth/${source.readme}`);
  const from =
    source.section === undefined ? 0 : (packed?.readme.indexOf(`\n${source.section}`) ?? -1);
  const block =
    packed && from >= 0
      ? codeBlocks(packed.readme.slice(from), source.lang)[source.index ?? 0]
      : undefined;
  if (block === undefined) {
    throw new Error(
      `${scenario.name}: the packed ${source.readme} README has no \`\`\`${source.lang} block #${source.index ?? 0}${source.section === undefined ? '' : ` after "${source.section}"`}`,
    );
  }
  return block;
}

/** `npm install` in `dir` with the shared cache, as a user would (peers installed by npm). */
export function npmInstall(dir: string, workspace: Workspace): Promise<CommandResult> {
  return run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--no-update-notifier',
      '--loglevel=error',
      '--cache',
      workspace.npmCache,
    ],
    { cwd: dir, timeoutMs: INSTALL_TIMEOUT_MS, env: { npm_config_update_notifier: 'false' } },
  );
}

/** `name version` for each installed package of `names` (`name ?` when it is not installed). */
export function installedVersions(dir: string, names: readonly string[]): string[] {
  return names.map((name) => {
    try {
      const manifest = JSON.parse(
        readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string };
      return `${name} ${manifest.version}`;
    } catch {
      return `${name} ?`;
    }
  });
}

export { succeeded };
