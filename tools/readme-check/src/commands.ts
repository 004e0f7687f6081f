/**
 * The commands a README gives, checked statically: every `npx` runs a package we publish or a
 * well-known tool (never an unscoped name someone else could claim), every `npm install` names
 * packages of this workspace or its real dependencies, every `pnpm` script exists.
 */

/** What the checks know about the repository. */
export interface Workspace {
  /** Our published packages: name → its bins. */
  readonly published: ReadonlyMap<string, readonly string[]>;
  /** Every workspace package (published or private): name → its scripts. */
  readonly packages: ReadonlyMap<string, readonly string[]>;
  /** The root package.json's scripts. */
  readonly rootScripts: readonly string[];
  /** Registry packages any workspace package depends on (peers too): name → the ranges. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** The ranges the workspace installs and so tests (dependencies and devDependencies). */
  readonly tested: ReadonlyMap<string, readonly string[]>;
}

/** Tools `npx` may fetch by name: well known, owned by their projects. */
export const WELL_KNOWN_NPX: ReadonlySet<string> = new Set(['pnpm', 'npm', 'typescript', 'tsx']);

/** Programs a README command may start; anything else is a typo or needs a check of its own. */
export const PROGRAMS: ReadonlySet<string> = new Set([
  'git',
  'cd',
  'corepack',
  'bash',
  'npm',
  'npx',
  'pnpm',
  'node',
  'curl',
  'export',
  'read',
  'echo',
  'head',
  'vault',
]);

/** pnpm's own commands (not scripts). */
const PNPM_COMMANDS = new Set([
  'install',
  'i',
  'add',
  'remove',
  'update',
  'exec',
  'dlx',
  'run',
  'test',
  'pack',
  'publish',
  'why',
  'list',
  'ls',
  'turbo',
]);

/** One simple command: its words, after `VAR=value` assignments. */
export interface Command {
  readonly words: readonly string[];
  readonly text: string;
}

/**
 * The simple commands of a shell script (a ```sh block or an inline code span): lines joined at
 * a trailing `\`, comments dropped, split at `&&`, `||`, `;` and `|`, and the commands inside
 * `$(…)` as well. Quotes keep their words together (and are removed).
 */
export function parseCommands(script: string): Command[] {
  const commands: Command[] = [];
  const joined = script.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const inner: string[] = [];
    const outer = line.replace(/\$\(([^()]*)\)/g, (_, sub: string) => {
      inner.push(sub);
      return 'SUBSTITUTION';
    });
    for (const text of [outer, ...inner]) commands.push(...splitLine(text));
  }
  return commands;
}

function splitLine(line: string): Command[] {
  const commands: Command[] = [];
  let words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  let start = 0;
  const flush = (end: number) => {
    if (word !== undefined) words.push(word);
    word = undefined;
    const assigned = words.findIndex((w) => !/^[A-Za-z_]\w*=/.test(w));
    const rest = assigned < 0 ? [] : words.slice(assigned);
    if (rest.length > 0) commands.push({ words: rest, text: line.slice(start, end).trim() });
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '#' && word === undefined) {
      break;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === ';' || c === '|' || c === '&') {
      flush(i);
      if (line[i + 1] === c) i++;
      start = i + 1;
    } else {
      word = (word ?? '') + c;
    }
  }
  flush(line.length);
  return commands;
}

/** The package name of an npm spec: `@scope/name@^1` → `@scope/name`. */
export function specName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at < 0 ? spec : spec.slice(0, at);
}

/** The version part of an npm spec, or `undefined`. */
export function specVersion(spec: string): string | undefined {
  const at = spec.indexOf('@', 1);
  return at < 0 ? undefined : spec.slice(at + 1);
}

/** The packages an `npm install`/`npm i`/`npm add` command names (flags dropped), or `undefined`. */
export function installedBy(command: Command): string[] | undefined {
  const [program, verb, ...args] = command.words;
  if (program !== 'npm' || !['install', 'i', 'add'].includes(verb ?? '')) return undefined;
  return args.filter((a) => !a.startsWith('-'));
}

/**
 * Problems with the commands of one script. `installed` are the packages an earlier
 * `npm install` of the same block put in node_modules (their bins may then run as `npx bin`).
 */
export function checkCommands(
  commands: readonly Command[],
  workspace: Workspace,
  options: { readonly inline?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const installed = new Set<string>();
  for (const command of commands) {
    const [program = ''] = command.words;
    if (!options.inline && !PROGRAMS.has(program) && program !== 'SUBSTITUTION') {
      problems.push(`\`${command.text}\`: unknown program ${program}`);
      continue;
    }
    const specs = installedBy(command);
    if (specs !== undefined) {
      for (const spec of specs) {
        const problem = checkInstallSpec(spec, workspace);
        if (problem !== undefined) problems.push(`\`${command.text}\`: ${problem}`);
        installed.add(specName(spec));
      }
    } else if (program === 'npx') {
      problems.push(...checkNpx(command, workspace, installed));
    } else if (program === 'pnpm') {
      problems.push(...checkPnpm(command.words.slice(1), command, workspace));
    }
  }
  return problems;
}

function checkInstallSpec(spec: string, workspace: Workspace): string | undefined {
  const name = specName(spec);
  const version = specVersion(spec);
  if (workspace.published.has(name)) {
    return version === undefined ? undefined : `${spec}: our packages are installed unversioned`;
  }
  if (name.startsWith('@adumo-oauth/')) return `${name} is not a package we publish`;
  const ranges = workspace.dependencies.get(name);
  if (ranges === undefined) {
    return `${name} is not a dependency of any workspace package (a typo, or an untested package)`;
  }
  const tested = workspace.tested.get(name) ?? ranges;
  if (version !== undefined && !tested.some((range) => overlaps(version, range))) {
    return `${spec}: the workspace tests ${name} ${tested.join(', ')}, not ${version}`;
  }
  return undefined;
}

function checkNpx(
  command: Command,
  workspace: Workspace,
  installed: ReadonlySet<string>,
): string[] {
  const words = command.words.slice(1);
  const packages: string[] = [];
  let i = 0;
  for (; i < words.length && words[i]!.startsWith('-'); i++) {
    const flag = words[i]!;
    if (flag === '-p' || flag === '--package') packages.push(words[++i] ?? '');
    else if (flag.startsWith('--package=')) packages.push(flag.slice('--package='.length));
    else if (flag !== '-y' && flag !== '--yes')
      return [`\`${command.text}\`: unknown npx flag ${flag}`];
  }
  const bin = words[i];
  if (bin === undefined) return [`\`${command.text}\`: npx without a command`];
  if (packages.length > 0) {
    const problems: string[] = [];
    const bins: string[] = [];
    for (const spec of packages) {
      const name = specName(spec);
      const own = workspace.published.get(name);
      if (own !== undefined) bins.push(...own);
      else if (WELL_KNOWN_NPX.has(name)) bins.push(name);
      else
        problems.push(
          `\`${command.text}\`: npx -p ${name}: not a package we publish nor a well-known tool`,
        );
    }
    if (problems.length === 0 && !bins.includes(bin)) {
      problems.push(`\`${command.text}\`: ${bin} is not a bin of ${packages.join(', ')}`);
    }
    return problems;
  }
  const name = specName(bin);
  if (WELL_KNOWN_NPX.has(name)) {
    return name === 'pnpm' ? checkPnpm(words.slice(i + 1), command, workspace) : [];
  }
  const owner = [...installed].find((p) => workspace.published.get(p)?.includes(name));
  if (owner !== undefined) return [];
  return [
    `\`${command.text}\`: npx ${name} asks the registry for the package "${name}" unless it is installed right before; ` +
      `name the package: npx -p <package> ${name}`,
  ];
}

function checkPnpm(args: readonly string[], command: Command, workspace: Workspace): string[] {
  let filter: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--filter' || a === '-F') filter = args[++i];
    else if (a.startsWith('--filter=')) filter = a.slice('--filter='.length);
    else rest.push(a);
  }
  const [script] = rest;
  if (script === undefined || script.startsWith('-') || PNPM_COMMANDS.has(script)) {
    return filter === undefined || workspace.packages.has(filter.replace(/\.\.\.$/, ''))
      ? []
      : [`\`${command.text}\`: no workspace package ${filter}`];
  }
  if (filter === undefined) {
    return workspace.rootScripts.includes(script)
      ? []
      : [`\`${command.text}\`: the root package.json has no script "${script}"`];
  }
  const scripts = workspace.packages.get(filter);
  if (scripts === undefined) return [`\`${command.text}\`: no workspace package ${filter}`];
  return scripts.includes(script)
    ? []
    : [`\`${command.text}\`: ${filter} has no script "${script}"`];
}

/**
 * Whether an install spec's version (`2`, `1.9`, `^11.1.0`, `latest`) can pick a version that
 * the workspace's range (`^2.12.1`, `~1.9.1`, `^4.17.0 || ^5.0.0`) also allows: the same major
 * (and minor, when the spec or a `~` range fixes it).
 */
export function overlaps(spec: string, range: string): boolean {
  if (spec === 'latest') return true;
  const want = /^[\^~]?(\d+)(?:\.(\d+))?/.exec(spec);
  if (want === null) return false;
  return range.split('||').some((alternative) => {
    const have = /^\s*([\^~]?)(\d+)(?:\.(\d+))?/.exec(alternative);
    if (have === null || have[2] !== want[1]) return false;
    const fixedMinor = spec.startsWith('~') || /^\d+\.\d+$/.test(spec);
    const haveMinor = have[1] === '~' || have[1] === '';
    if (want[2] === undefined || have[3] === undefined) return true;
    if (fixedMinor && haveMinor) return want[2] === have[3];
    if (fixedMinor) return Number(want[2]) >= Number(have[3]);
    if (haveMinor) return Number(have[3]) >= Number(want[2]);
    return true;
  });
}
