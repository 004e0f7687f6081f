import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_CLIENT, mockMerchants, startMockAdumo } from '@adumo-oauth/mock-server';
import { run, start, succeeded, type CommandResult } from './exec';
import { installedVersions, npmInstall, writeProject, type Workspace } from './project';
import { isServe, type HttpCheck, type RunStep, type Scenario, type ServeStep } from './scenario';

/** How one scenario went. */
export interface Outcome {
  readonly name: string;
  readonly passed: boolean;
  readonly versions: readonly string[];
  readonly seconds: number;
  /** On failure: which step, and its output. */
  readonly failure?: { readonly step: string; readonly output: string } | undefined;
}

const STEP_TIMEOUT_MS = 60_000;

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly output: string,
  ) {
    super(step);
  }
}

/** Merchants the runner's mock accepts besides the default client (`merchant-1` …). */
const MERCHANTS = 3;

/** `{ "<merchantId>": { clientId, clientSecret } }` of the mock's merchants, for pool apps. */
function merchantsJson(): string {
  const entries = mockMerchants(MERCHANTS).map(({ merchantId, clientId, clientSecret }) => [
    merchantId,
    { clientId, clientSecret },
  ]);
  return JSON.stringify(Object.fromEntries(entries));
}

/** Install the scenario's project, run its steps against a fresh mock, and report. */
export async function runScenario(scenario: Scenario, workspace: Workspace): Promise<Outcome> {
  const began = performance.now();
  let versions: string[] = [];
  const mock = await startMockAdumo({ merchants: { count: MERCHANTS } });
  try {
    const dir = writeProject(scenario, workspace);
    const install = await npmInstall(dir, workspace);
    if (!succeeded(install)) throw new StepFailed('npm install', describe(install));
    versions = installedVersions(dir, scenario.versions);
    const env = {
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      ADUMO_MERCHANTS: merchantsJson(),
      PORT: '0',
      HOST: '127.0.0.1',
      NO_COLOR: '1',
      DENO_DIR: join(workspace.projects, '.deno'),
      DENO_NO_UPDATE_CHECK: '1',
    };
    for (const step of scenario.steps) {
      if (isServe(step)) await serve(step, dir, env);
      else await runStep(step, dir, env);
    }
    if ((scenario.usesMock ?? true) && mock.stats.tokenRequests === 0) {
      throw new StepFailed('mock', 'the steps passed but never requested a token from the mock');
    }
    return { name: scenario.name, passed: true, versions, seconds: elapsed(began) };
  } catch (error) {
    const failure =
      error instanceof StepFailed
        ? { step: error.step, output: error.output }
        : {
            step: 'runner',
            output: error instanceof Error ? (error.stack ?? error.message) : String(error),
          };
    return { name: scenario.name, passed: false, versions, seconds: elapsed(began), failure };
  } finally {
    await mock.close();
  }
}

function elapsed(began: number): number {
  return Math.round((performance.now() - began) / 100) / 10;
}

function resolveCommand(command: string, dir: string): string {
  if (command === 'node') return process.execPath;
  const local = join(dir, 'node_modules', '.bin', command);
  return existsSync(local) ? local : command;
}

function describe(result: CommandResult): string {
  const how = result.timedOut
    ? 'timed out'
    : `exit code ${result.code}${result.signal ? ` (${result.signal})` : ''}`;
  return `${how}\n${result.output}`;
}

async function runStep(step: RunStep, dir: string, env: Record<string, string>): Promise<void> {
  const result = await run(resolveCommand(step.command, dir), step.args, {
    cwd: dir,
    env,
    timeoutMs: step.timeoutMs ?? STEP_TIMEOUT_MS,
  });
  if (!succeeded(result)) throw new StepFailed(step.label, describe(result));
  const missing = (step.output ?? []).filter((pattern) => !pattern.test(result.output));
  if (missing.length > 0)
    throw new StepFailed(
      step.label,
      `output does not match ${missing.join(', ')}\n${result.output}`,
    );
}

async function serve(step: ServeStep, dir: string, env: Record<string, string>): Promise<void> {
  const server = start(resolveCommand(step.command, dir), step.args, {
    cwd: dir,
    env,
    timeoutMs: step.timeoutMs ?? STEP_TIMEOUT_MS,
  });
  try {
    const port = await waitFor(step.ready, () => server.output(), server.done);
    if (port === undefined)
      throw new StepFailed(
        step.label,
        `never printed ${step.ready}\n${describe(await server.done)}`,
      );
    for (const check of step.requests) {
      const problem = await request(port, check);
      if (problem !== undefined)
        throw new StepFailed(
          step.label,
          `${check.method} ${check.path}: ${problem}\n${server.output()}`,
        );
    }
  } finally {
    await server.stop();
  }
}

/** Poll the output (every 50 ms) until `ready` matches or the command ends; its first group. */
async function waitFor(
  ready: RegExp,
  output: () => string,
  done: Promise<unknown>,
): Promise<string | undefined> {
  let ended = false;
  void done.then(() => (ended = true));
  for (;;) {
    const match = ready.exec(output());
    if (match) return match[1];
    if (ended) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function request(port: string, check: HttpCheck): Promise<string | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}${check.path}`, {
    method: check.method,
    ...(check.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(check.body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status !== check.status) return `status ${res.status}, expected ${check.status}: ${text}`;
  if (check.json === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text}`;
  }
  return contains(body, check.json)
    ? undefined
    : `body ${text} does not contain ${JSON.stringify(check.json)}`;
}

/** Deep partial match: every key of `expected` is in `actual` with an equal (or containing) value. */
function contains(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) {
    return isDeepStrictEqual(actual, expected);
  }
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) =>
    contains((actual as Record<string, unknown>)[key], value),
  );
}
