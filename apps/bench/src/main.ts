/**
 * `pnpm bench`: run every scenario against every driver, print the table, write RESULTS.md.
 * `--smoke`: a few iterations of everything; exit 0 when every driver worked.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './cli-args';
import { DRIVERS } from './drivers/index';
import { loadHere, startLoadProcess, type LoadGenerator } from './harness/http-load';
import { startInProcessMock } from './harness/mock';
import { hasRedisServer, startRedisServer, type RedisServer } from './harness/redis-server';
import { startMockProcess, type MockProcess } from './harness/remote-mock';
import { rowsFor } from './report/judge';
import { resultsJson } from './report/json';
import { loadAverage, runMeta } from './report/machine';
import { resultsMarkdown, resultsTable } from './report/markdown';
import { runAll } from './runner';
import { SCENARIOS } from './scenarios/index';
import { FULL_SIZES, SMOKE_SIZES } from './scenarios/sizes';

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

function pick<T extends { readonly id?: string; readonly name?: string }>(
  all: readonly T[],
  wanted: readonly string[] | undefined,
  what: string,
): T[] {
  if (wanted === undefined) return [...all];
  const known = all.map((x) => x.id ?? x.name);
  const unknown = wanted.filter((w) => !known.includes(w));
  if (unknown.length > 0)
    throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return all.filter((x) => wanted.includes((x.id ?? x.name) as string));
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const scenarios = pick(SCENARIOS, options.only, 'scenario');
  const drivers = pick(DRIVERS, options.drivers, 'driver');

  let mockProcess: MockProcess | undefined;
  let loadProcess: LoadGenerator | undefined;
  let redis: RedisServer | undefined;
  let redisMissing: string | undefined;
  try {
    if (options.mock === 'process') mockProcess = await startMockProcess();
    if (scenarios.some((s) => s.id === 'middleware')) loadProcess = await startLoadProcess();
    if (scenarios.some((s) => s.id === 'fleet' || s.id === 'stall' || s.id === 'merchants')) {
      if (!hasRedisServer()) redisMissing = 'redis-server is not installed';
      else {
        try {
          redis = await startRedisServer();
        } catch (error) {
          redisMissing = `redis-server did not start: ${String(error)}`;
        }
      }
      if (redisMissing !== undefined)
        log(`note: fleet, stall and the merchants fleet rows skipped: ${redisMissing}`);
    }
    log(
      `${options.smoke ? 'smoke' : 'full'} run: ${scenarios.length} scenarios × ${drivers.length} drivers`,
    );
    const results = await runAll(
      scenarios,
      drivers,
      {
        startMock: mockProcess?.startMock ?? startInProcessMock,
        sizes: options.smoke ? SMOKE_SIZES : FULL_SIZES,
        load: loadProcess?.run ?? loadHere,
        redis,
        redisMissing,
        smoke: options.smoke,
      },
      log,
    );
    const meta = runMeta(options.smoke ? 'smoke' : 'full', startedAt, loadAtStart);
    const rows = rowsFor(results, drivers, !options.smoke);
    const out =
      options.out ??
      (options.smoke ? undefined : fileURLToPath(new URL('../RESULTS.md', import.meta.url)));
    if (out !== undefined) {
      await writeFile(resolve(out), resultsMarkdown(meta, rows, results, drivers));
      log(`wrote ${resolve(out)}`);
    }
    process.stdout.write(
      options.json
        ? `${JSON.stringify(resultsJson(meta, rows, results, drivers), null, 2)}\n`
        : `${resultsTable(rows, drivers, !options.smoke)}\n`,
    );
    const failures = results.flatMap((r) => Object.values(r.cells).filter((c) => 'error' in c));
    if (failures.length > 0) log(`${failures.length} driver run(s) failed`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await redis?.stop();
    await loadProcess?.stop();
    await mockProcess?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
