import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packAll } from './pack';
import { printFailure, printTable } from './report';
import { runScenario, type Outcome } from './run-scenario';
import { scenarios } from './scenarios';

/**
 * `pnpm test:consumers`: pack every published package, install the tarballs with npm into fresh
 * projects under the OS temp dir and run each scenario against a mock server, `--jobs` at a time.
 * Options: `--only <text>` (scenarios whose name contains it), `--jobs N` (default 2), `--keep`.
 */
const MATRIX_LIMIT_MS = 270_000;

async function main(): Promise<number> {
  // `pnpm test:consumers -- --only x` passes the `--` on: drop it.
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      only: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      keep: { type: 'boolean', default: false },
    },
  });
  const began = performance.now();
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const selected = scenarios.filter(
    (s) => values.only === undefined || s.name.includes(values.only),
  );
  if (selected.length === 0) throw new Error(`no scenario matches --only ${values.only}`);
  for (const dir of [
    'core',
    'fetch',
    'axios',
    'express',
    'nestjs',
    'redis',
    'opentelemetry',
    'mock-server',
    'cli',
  ]) {
    if (!existsSync(join(root, 'packages', dir, 'dist')))
      throw new Error(`packages/${dir}/dist is missing: build first`);
  }

  const temp = mkdtempSync(join(tmpdir(), 'adumo-consumers-'));
  const npmCache =
    process.env['ADUMO_CONSUMERS_NPM_CACHE'] ?? join(tmpdir(), 'adumo-consumers-npm-cache');
  mkdirSync(npmCache, { recursive: true });
  console.log(`consumers: packing into ${temp}`);
  const packed = await packAll(root, join(temp, 'tarballs'));
  const workspace = {
    fixtures: join(root, 'tools', 'consumers', 'fixtures'),
    projects: join(temp, 'projects'),
    npmCache,
    packed,
  };

  const outcomes: Outcome[] = [];
  const queue = [...selected];
  const deadline = began + MATRIX_LIMIT_MS;
  const worker = async () => {
    for (let scenario = queue.shift(); scenario !== undefined; scenario = queue.shift()) {
      if (performance.now() > deadline) {
        const failure = {
          step: 'not started',
          output: `the matrix passed its ${MATRIX_LIMIT_MS / 1000} s limit`,
        };
        outcomes.push({ name: scenario.name, passed: false, versions: [], seconds: 0, failure });
        continue;
      }
      console.log(`consumers: ${scenario.name} …`);
      const outcome = await runScenario(scenario, workspace);
      console.log(
        `consumers: ${scenario.name}: ${outcome.passed ? 'passed' : 'FAILED'} (${outcome.seconds} s)`,
      );
      if (!outcome.passed) printFailure(outcome);
      outcomes.push(outcome);
    }
  };
  const jobs = Math.max(1, Number(values.jobs) || 2);
  await Promise.all(Array.from({ length: jobs }, worker));

  const ordered = selected.map((s) => outcomes.find((o) => o.name === s.name)!);
  const failed = ordered.filter((o) => !o.passed).length;
  printTable(ordered, Math.round((performance.now() - began) / 1000));
  if (values.keep || failed > 0) console.log(`consumers: projects kept in ${temp}`);
  else removeInBackground(temp);
  console.log(`consumers: ${ordered.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/**
 * Delete the projects without waiting: a dozen node_modules trees take long to unlink on a busy
 * disk, and nothing reads them any more.
 */
function removeInBackground(dir: string): void {
  spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' }).unref();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.log('consumers: 0 passed, 1 failed');
    process.exit(1);
  },
);
