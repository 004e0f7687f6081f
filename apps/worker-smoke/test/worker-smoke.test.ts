import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import type { Miniflare } from 'miniflare';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_ENTRY, bundleWorker, type WorkerBundle } from '../src/bundle';
import {
  COMPATIBILITY_DATE,
  COMPATIBILITY_FLAGS,
  RUNTIME,
  pause,
  burst,
  startWorker,
  type TimedAnswer,
} from './harness';

/** A client whose tokens live 4 s: refresh window (25 %) from 3 s, must-refresh from 3.6 s. */
const SHORT = { clientId: 'worker-short', clientSecret: 'worker-short-secret' };
const SHORT_LIFETIME_S = 4;
/** A request the Worker has not answered after this long counts as hung. */
const HANG_MS = 15_000;

let dir: string;
let bundle: WorkerBundle;
let mock: MockAdumo;
let mf: Miniflare | undefined;
const summary: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adumo-worker-smoke-'));
  bundle = await bundleWorker(join(dir, 'worker.mjs'));
  mock = await startMockAdumo({
    clients: [DEFAULT_CLIENT, { ...SHORT, tokenLifetimeSeconds: SHORT_LIFETIME_S }],
  });
});

afterEach(async () => {
  await mf?.dispose();
  mf = undefined;
  mock.faults.clear();
});

afterAll(async () => {
  await mock?.close();
  await rm(dir, { recursive: true, force: true });
  console.log(
    `worker-smoke: workerd ${RUNTIME.workerd} (miniflare ${RUNTIME.miniflare}), ` +
      `compatibility date ${COMPATIBILITY_DATE}, no compatibility flags: ${summary.join('; ')}`,
  );
});

function boot(client: { clientId: string; clientSecret: string }): Miniflare {
  mf = startWorker(join(dir, 'worker.mjs'), {
    TOKEN_URL: mock.tokenUrl,
    API_URL: mock.baseUrl,
    CLIENT_ID: client.clientId,
    CLIENT_SECRET: client.clientSecret,
  });
  return mf;
}

function issued(clientId: string): Record<string, number> | undefined {
  return mock.stats.snapshot().tokenRequestsByClient[clientId];
}

describe('@adumo-oauth/core and /fetch in workerd without nodejs_compat', () => {
  it('the README quotes the Worker that runs here, verbatim', async () => {
    const [readme, source] = await Promise.all([
      readFile(new URL('../README.md', import.meta.url), 'utf8'),
      readFile(WORKER_ENTRY, 'utf8'),
    ]);
    expect(readme).toContain(`\`\`\`ts\n${source.trimEnd()}\n\`\`\``);
  });

  it('bundles without a node: import and runs with no compatibility flags', async () => {
    expect(bundle.externalImports).toEqual([]);
    expect(bundle.code).not.toMatch(/\b(?:from|import|require)\s*\(?\s*["']node:/);
    expect(bundle.code).toContain('/oauth/token');
    expect(COMPATIBILITY_FLAGS).toEqual([]);

    // getWorker()'s type comes from @cloudflare/workers-types, which this app does not install.
    const probeWorker = (await boot(DEFAULT_CLIENT).getWorker('probe')) as unknown as {
      fetch(url: string): Promise<{ json(): Promise<unknown> }>;
    };
    const probe = await probeWorker.fetch('http://probe.local/');
    expect(await probe.json()).toEqual({
      userAgent: 'Cloudflare-Workers',
      buffer: 'undefined',
      process: 'undefined',
    });
    summary.push(`bundle ${(bundle.code.length / 1024).toFixed(1)} kB, 0 node: imports`);
  });

  it("requests one after another share the isolate's token", async () => {
    const worker = boot(DEFAULT_CLIENT);
    await worker.ready;
    mock.stats.reset();

    const startedAt = Date.now();
    const answers: TimedAnswer[] = [];
    for (let i = 0; i < 3; i++) answers.push(...(await burst(worker, 1, HANG_MS, startedAt)));

    expect(answers.filter((a) => a.httpStatus !== 200)).toEqual([]);
    expect(new Set(answers.map((a) => a.jti)).size).toBe(1);
    expect(issued(DEFAULT_CLIENT.clientId)).toEqual({ issued: 1 });
    summary.push('3 requests in turn → 3 × 200, 1 token request');
  });

  it('10 concurrent cold requests → 10 × 200 and one token request', async () => {
    const worker = boot(DEFAULT_CLIENT);
    await worker.ready;
    mock.stats.reset();
    // The first acquisition is slow, so all ten requests overlap it.
    mock.faults.latency(300, { target: 'token' });

    const startedAt = Date.now();
    const answers = await burst(worker, 10, HANG_MS, startedAt);

    expect(answers.filter((a) => a.httpStatus !== 200)).toEqual([]);
    expect(answers.every((a) => a.ok && a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.jti)).size).toBe(1);
    expect(answers[0]!.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(issued(DEFAULT_CLIENT.clientId)).toEqual({ issued: 1 });
    summary.push('10 concurrent cold requests → 10 × 200, 1 token request');
  });

  it('requests across two refresh windows → none hangs, all answer 200', async () => {
    const worker = boot(SHORT);
    await worker.ready;
    mock.stats.reset();
    // A token request takes 1 s: a refresh started at ≥3 s is still in flight in the
    // must-refresh window (3.6–4 s), where other requests must wait for it.
    mock.faults.latency(1000, { target: 'token' });

    const ROUNDS = 18; // one round every 400 ms: 0 … 6.8 s
    const PER_ROUND = 2;
    const startedAt = Date.now();
    const rounds: Promise<TimedAnswer[]>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push(burst(worker, PER_ROUND, HANG_MS, startedAt));
      await pause(400);
    }
    const settled = await Promise.allSettled(rounds);
    const hung = settled.flatMap((s) =>
      s.status === 'rejected' ? (s.reason as Error).message.split('\n') : [],
    );
    expect(hung, 'requests without an answer').toEqual([]);
    const answers = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));

    expect(answers).toHaveLength(ROUNDS * PER_ROUND);
    const failed = answers.filter((a) => a.httpStatus !== 200 || !a.ok);
    expect(failed, 'answers other than 200').toEqual([]);

    // Token generations in order of first use; a later round never goes back to an older one.
    const jtis = answers.map((a) => a.jti);
    const generation = new Map<string | null, number>();
    for (const jti of jtis) if (!generation.has(jti)) generation.set(jti, generation.size);
    let newestSoFar = 0;
    for (const round of settled) {
      if (round.status !== 'fulfilled') continue;
      const gens = round.value.map((a) => generation.get(a.jti)!);
      expect(Math.min(...gens)).toBeGreaterThanOrEqual(newestSoFar);
      newestSoFar = Math.max(newestSoFar, ...gens);
    }
    const distinct = generation.size;
    expect(distinct, 'tokens used (a refresh must have happened)').toBeGreaterThanOrEqual(2);

    const tokenRequests = issued(SHORT.clientId)?.issued ?? 0;
    expect(issued(SHORT.clientId)).toEqual({ issued: tokenRequests });
    expect(tokenRequests).toBeGreaterThanOrEqual(distinct);
    expect(tokenRequests).toBeLessThanOrEqual(distinct + 1);
    const spanS = ((answers.at(-1)?.sentAtMs ?? 0) / 1000).toFixed(1);
    summary.push(
      `${answers.length} requests over ${spanS} s across the refresh windows → ` +
        `${answers.length} × 200, 0 hung, ${tokenRequests} token requests for ${distinct} tokens`,
    );
  });
});
