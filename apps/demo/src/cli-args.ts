/** Command-line options of the demo. */
export interface DemoArgs {
  /** `--json`: print only the JSON report on stdout. */
  readonly json: boolean;
  /** `--help` / `-h`. */
  readonly help: boolean;
}

/** Usage text for `--help` and for unknown options. */
export const USAGE = `Usage: pnpm demo [-- --json]   (or: node dist/main.mjs [--json])

Runs every @adumo-oauth adapter end to end against the card API:
  - no ADUMO_* variables: an embedded mock Adumo (127.0.0.1, free port), lifecycle and
    many-merchant scenes included;
  - ADUMO_BASE_URL (a URL, or staging / production), ADUMO_CLIENT_ID and ADUMO_CLIENT_SECRET all
    set: that host; the mock-only scenes (lifecycle, many merchants) are skipped.

Options:
  --json    print only a JSON report on stdout (progress and warnings go to stderr)
  --help    this text

Exit codes: 0 every scenario behaved; 1 a scenario did not; 2 bad configuration or options.`;

/** Parse `argv` (without node and the script); throws an `Error` for an unknown option. */
export function parseArgs(argv: readonly string[]): DemoArgs {
  let json = false;
  let help = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg !== '--') throw new Error(`unknown option ${arg}`);
  }
  return { json, help };
}
