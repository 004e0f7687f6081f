import { adumoDriver } from '../drivers/adumo';
import type { Child } from '../harness/child';
import { runPhase } from '../harness/phase';
import type { MemoryResult, HitResult } from '../harness/merchant-bench';
import type { MockHandle } from '../harness/mock';
import type { RedisServer } from '../harness/redis-server';
import { nowMs } from '../harness/stats';
import { LARGE, METRICS, SMALL, goalFor } from './merchants-metrics';
import type { Sizes } from './sizes';
import type { MetricValues, Scenario } from './types';

type MerchantSizes = Sizes['merchants'];

/** Progress on stderr (phases of this scenario take seconds to minutes). */
const progress = (line: string): void =>
  void process.stderr.write(`[bench] 10. many merchants: ${line}\n`);

/** Why rows of the last run of ours are missing (a phase that failed or ran out of time). */
const notes: string[] = [];

/**
 * One phase in fresh worker processes: see {@link runPhase}.
 */
function phase(
  name: string,
  keys: readonly string[],
  s: MerchantSizes,
  workerCount: number,
  body: (workers: readonly Child[]) => Promise<Record<string, number>>,
): Promise<Record<string, number>> {
  return runPhase({ progress, notes }, name, keys, s.phaseBudgetMs, workerCount, body);
}

const MEMORY_KEYS = (size: string, first: boolean): string[] => [
  ...(first ? ['tokenLength', 'goalBytes'] : []),
  `memory${size}`,
  `memory${size}VsGoal`,
];

function memoryPhase(
  mock: MockHandle,
  s: MerchantSizes,
  first: boolean,
): Promise<Record<string, number>> {
  const size = first ? 'Small' : 'Large';
  const n = s.memory[first ? 0 : 1];
  return phase(`heap, ${n} merchants`, MEMORY_KEYS(size, first), s, 1, async ([w]) => {
    const r = (await w?.call('memory', mock.baseUrl, n, s.concurrency, s.warmup)) as MemoryResult;
    if (r.failed > 0 || r.cached !== n)
      throw new Error(`${r.failed} getToken calls failed, ${r.cached} of ${n} merchants cached`);
    return {
      ...(first ? { tokenLength: r.tokenLength, goalBytes: goalFor(r.tokenLength) } : {}),
      [`memory${size}`]: r.bytesPerMerchant,
      [`memory${size}VsGoal`]: r.bytesPerMerchant / goalFor(r.tokenLength),
    };
  });
}

function hitPhase(mock: MockHandle, s: MerchantSizes): Promise<Record<string, number>> {
  const keys = [
    'poolSpreadNs',
    'poolHotNs',
    'managerNs',
    'spreadRatio',
    'hotRatio',
    'managersSpreadNs',
    'spreadVsManagers',
  ];
  return phase('cache hit', keys, s, 1, async ([w]) => {
    const r = (await w?.call(
      'hits',
      mock.baseUrl,
      s.hitSpread,
      s.hitRounds,
      s.hitOps,
    )) as HitResult;
    return {
      poolSpreadNs: r.poolSpreadNs,
      poolHotNs: r.poolHotNs,
      managerNs: r.managerNs,
      spreadRatio: r.poolSpreadNs / r.managerNs,
      hotRatio: r.poolHotNs / r.managerNs,
      managersSpreadNs: r.managersSpreadNs,
      spreadVsManagers: r.poolSpreadNs / r.managersSpreadNs,
    };
  });
}

function coldPhase(
  mock: MockHandle,
  s: MerchantSizes,
  bounded: boolean,
): Promise<Record<string, number>> {
  const prefix = bounded ? 'coldBounded' : 'cold';
  const name = bounded ? `cold start, ${s.coldMaxInFlight} requests in flight` : 'cold start';
  const keys = [`${prefix}TokenRequests`, `${prefix}Ms`, `${prefix}Failed`];
  return phase(name, keys, s, 1, async ([w]) => {
    await mock.resetCounts();
    const r = (await w?.call(
      'coldStart',
      mock.baseUrl,
      s.cold,
      s.coldCalls,
      bounded ? s.coldMaxInFlight : undefined,
    )) as { elapsedMs: number; failed: number; firstError: string | undefined };
    const { tokenRequests } = await mock.counts();
    if (r.firstError !== undefined)
      notes.push(`${name}: ${r.failed} calls failed, the first with ${r.firstError}`);
    return {
      [`${prefix}TokenRequests`]: tokenRequests,
      [`${prefix}Ms`]: r.elapsedMs,
      [`${prefix}Failed`]: r.failed,
    };
  });
}

function fleetPhase(
  mock: MockHandle,
  s: MerchantSizes,
  redis: RedisServer | undefined,
): Promise<Record<string, number>> {
  const keys = ['fleetTokenRequests', 'fleetMs', 'fleetFailed'];
  if (redis === undefined)
    return Promise.resolve(Object.fromEntries(keys.map((k) => [k, Number.NaN])));
  return phase('fleet', keys, s, s.fleetProcesses, async (workers) => {
    await redis.flush();
    await Promise.all(
      workers.map((w) => w.call('fleetInit', mock.baseUrl, redis.url, s.fleetMerchants)),
    );
    await mock.resetCounts();
    const started = nowMs();
    const outcomes = (await Promise.all(workers.map((w) => w.call('fleetGo')))) as {
      failed: number;
      firstError: string | undefined;
      storeErrors: number;
    }[];
    const fleetMs = nowMs() - started;
    const storeErrors = outcomes.reduce((a, o) => a + o.storeErrors, 0);
    notes.push(`fleet: ${storeErrors} store calls failed or timed out (each went to the network)`);
    const failed = outcomes.map((o) => o.failed);
    const firstError = outcomes.find((o) => o.firstError !== undefined)?.firstError;
    if (firstError !== undefined)
      notes.push(
        `fleet: ${failed.reduce((a, b) => a + b, 0)} calls failed, the first with ${firstError}`,
      );
    const { tokenRequests } = await mock.counts();
    await Promise.all(workers.map((w) => w.call('fleetClose')));
    return {
      fleetTokenRequests: tokenRequests,
      fleetMs,
      fleetFailed: failed.reduce((a, b) => a + b, 0),
    };
  });
}

/** 10. Many merchants in one `TokenPool`, and in a fleet sharing Redis (ours only). */
export const merchantsScenario: Scenario = {
  id: 'merchants',
  title: '10. many merchants (TokenPool)',
  description:
    'Ours only (`TokenPool`; the other columns: n/a). The mock accepts its generated merchants ' +
    'and runs in its own process; every measurement runs in a fresh child process. Heap: build ' +
    'the credentials first, warm up with a throw-away pool, GC, read `heapUsed`, fill a pool with ' +
    `${SMALL} (last of all: ${LARGE}) merchants, 200 token requests at a time, GC, read it again; ` +
    'the growth ÷ merchants, next to the goal of 2 × the token’s length + 512 bytes (the ' +
    'credentials the resolver returns are built before and not counted). Cache hit: ' +
    '`pool.getToken(id)` cycling over 1,000 cached merchants and for one merchant, against one ' +
    '`TokenManager.getToken()` for that merchant and against 1,000 separate managers called in ' +
    'turn (the same memory spread without a pool), in the same process: 9 interleaved rounds of ' +
    '200,000 awaited calls each (order flipped every other round, GC before each), medians. Cold ' +
    'start: 10,000 merchants × 3 concurrent calls at once on an empty pool in a fresh process: ' +
    'token requests (mock), time until all resolved; once with the pool’s defaults, once with a ' +
    '`fetch` that lets 200 token requests run at once (and a 60 s per-attempt timeout, as the ' +
    'queue counts against it). Fleet: 4 processes, each with its own pool ' +
    'and `RedisTokenStore` on the bench’s redis-server, ask for the same 1,000 merchants at once: ' +
    'token requests for the fleet (mock), time until all resolved. Each phase has a time limit; ' +
    'one that fails or runs out gives n/a rows and a note. Smoke runs use tiny sizes.',
  metrics: METRICS,
  timeoutMs: ({ sizes }) => sizes.merchants.phaseBudgetMs * 6 + 60_000,
  note: ({ redis, redisMissing }) => {
    const all = [
      ...(redis === undefined ? [`fleet rows n/a: ${redisMissing ?? 'no redis-server'}`] : []),
      ...notes,
    ];
    return all.length > 0 ? all.join('; ') : undefined;
  },
  run: async (driver, { startMock, sizes, redis }): Promise<MetricValues> => {
    if (driver.name !== adumoDriver.name)
      return Object.fromEntries(METRICS.map((m) => [m.key, Number.NaN]));
    notes.length = 0;
    const s = sizes.merchants;
    const mock = await startMock({
      merchants: Math.max(...s.memory, s.hitSpread, s.cold, s.fleetMerchants),
    });
    try {
      // The biggest heap run goes last, so a slow machine loses at most that row.
      return {
        ...(await memoryPhase(mock, s, true)),
        ...(await hitPhase(mock, s)),
        ...(await coldPhase(mock, s, false)),
        ...(await coldPhase(mock, s, true)),
        ...(await fleetPhase(mock, s, redis)),
        ...(await memoryPhase(mock, s, false)),
      };
    } finally {
      await mock.close();
    }
  },
};
