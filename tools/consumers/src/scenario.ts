/**
 * The shape of one consumer scenario: a fresh npm project (our tarballs + `dependencies`), its
 * files, and the steps that must pass in it. Adding a scenario is adding one object to
 * src/scenarios.ts (plus a fixtures/ directory when its files are long).
 */
export interface Scenario {
  /** Shown in the table and in failures; also the project's directory name. */
  readonly name: string;
  /** Our packages to install from their tarballs (`core`, `fetch`, …); their own `@adumo-oauth/*` dependencies come along. */
  readonly packages: readonly string[];
  /** Registry dependencies: name → range (installed with npm, like a user would). */
  readonly dependencies?: Readonly<Record<string, string>>;
  /**
   * Our package (e.g. `opentelemetry`) whose packed README's install lines (`npm install …` in
   * its ```sh blocks) add registry dependencies: every package they name, at the version they name
   * (`latest` when none), so a README line whose packages do not resolve together fails here.
   * `dependencies` may pin a package the README leaves unversioned, never change a version it names.
   */
  readonly readmeInstall?: string;
  /** `"type"` of the project's package.json (default: none, i.e. CommonJS). */
  readonly type?: 'module' | 'commonjs';
  /** A directory under fixtures/ copied into the project first. */
  readonly fixture?: string;
  /** Files to write (path → source), after the fixture. */
  readonly files?: Readonly<Record<string, FileSource>>;
  /** Steps, in order; the first failing one fails the scenario. */
  readonly steps: readonly Step[];
  /** Installed packages whose versions the table shows. */
  readonly versions: readonly string[];
  /**
   * Whether the steps must request a token from the runner's mock (default `true`): the
   * scenario then fails if the mock saw no token request.
   */
  readonly usesMock?: boolean;
}

/** A file's content: literal text, or a README code block of a packed package (verbatim). */
export type FileSource =
  | string
  | {
      /** Our package whose packed README holds the code, e.g. `express`. */
      readonly readme: string;
      /** The fence's language, e.g. `ts`. */
      readonly lang: string;
      /** Which block of that language (0-based, default 0), counted after `section` if given. */
      readonly index?: number;
      /** Only blocks after the heading that starts with this text, e.g. `## Many merchants`. */
      readonly section?: string;
    };

/**
 * A command run in the project. `command` is `node`, or a binary of the project's
 * node_modules/.bin (`tsc`, `bun`, `deno`, …). Env: ADUMO_BASE_URL / ADUMO_CLIENT_ID /
 * ADUMO_CLIENT_SECRET of the runner's mock, ADUMO_MERCHANTS (JSON `{ "merchant-1":
 * { clientId, clientSecret }, … }` of the 3 merchants it also accepts), PORT=0, HOST=127.0.0.1.
 */
export interface RunStep {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Default 60 s. */
  readonly timeoutMs?: number;
  /** The output must match each of these. */
  readonly output?: readonly RegExp[];
}

/** A server started in the project: once `ready` appears, `requests` are sent, then it is stopped. */
export interface ServeStep extends RunStep {
  /** Printed once the server listens; its first group is the port. */
  readonly ready: RegExp;
  readonly requests: readonly HttpCheck[];
}

/** One request to a served app and what it must answer. */
export interface HttpCheck {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly status: number;
  /** The JSON body must contain these (deep partial match of plain values). */
  readonly json?: Readonly<Record<string, unknown>>;
}

export type Step = RunStep | ServeStep;

/** Whether `step` is a {@link ServeStep}. */
export function isServe(step: Step): step is ServeStep {
  return 'ready' in step;
}
