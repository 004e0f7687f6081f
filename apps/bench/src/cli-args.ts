/** Command-line options of the bench. */
export interface CliOptions {
  /** A few iterations of everything, no judgements, RESULTS.md untouched. */
  readonly smoke: boolean;
  /** Print the results as JSON on stdout (progress still goes to stderr). */
  readonly json: boolean;
  /** Scenario ids to run (default all). */
  readonly only: readonly string[] | undefined;
  /** Driver names to run (default all). */
  readonly drivers: readonly string[] | undefined;
  /** Where the mock server runs: a child process (default) or this process. */
  readonly mock: 'process' | 'inprocess';
  /** Where to write the markdown; default RESULTS.md for full runs, nowhere for smoke. */
  readonly out: string | undefined;
}

const USAGE = `usage: node dist/main.mjs [--smoke] [--json] [--only=hot-path,herd,...]
       [--drivers=adumo-oauth,ideal,...] [--mock=process|inprocess] [--out=FILE]`;

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parse `argv` (without node and the script). Throws with the usage on anything unknown. */
export function parseArgs(argv: readonly string[]): CliOptions {
  let smoke = false;
  let json = false;
  let only: string[] | undefined;
  let drivers: string[] | undefined;
  let mock: CliOptions['mock'] = 'process';
  let out: string | undefined;
  for (const arg of argv) {
    const [flag, value] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (flag === '--smoke' && value === undefined) smoke = true;
    else if (flag === '--json' && value === undefined) json = true;
    else if (flag === '--only' && value !== undefined) only = list(value);
    else if (flag === '--drivers' && value !== undefined) drivers = list(value);
    else if (flag === '--mock' && (value === 'process' || value === 'inprocess')) mock = value;
    else if (flag === '--out' && value !== undefined) out = value;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return { smoke, json, only, drivers, mock, out };
}
