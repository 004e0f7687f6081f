import { adumoDriver } from '../drivers/adumo';
import { startChild, type Child } from '../harness/child';
import type { MemoryResult, HitResult } from '../harness/merchant-bench';
import type { MockHandle } from '../harness/mock';
import type { RedisServer } from '../harness/redis-server';
import { nowMs } from '../harness/stats';
import type { Sizes } from './sizes';
import { FULL_SIZES } from './sizes';
import type { MetricSpec, MetricValues, Scenario } from './types';

type MerchantSizes = Sizes['merchants'];
const [SMALL, LARGE] = FULL_SIZES.merchants.memory.map((n) => n.toLocaleString('en-US'));

/** The goal for one cached merchant: twice its token's length plus 512 bytes. */
const goalFor = (tokenLength: number): number => 2 * tokenLength + 512;

const count = (key: string, label: string, target?: MetricSpec['target']): MetricSpec => ({
  key,
  label,
  unit: 'count',
  better: 'lower',
  decimals: 0,
  target,
});
const atMost = (limit: number, text: string): MetricSpec['target'] => ({
  text,
  met: (ours) => ours <= limit,
});

const METRICS: readonly MetricSpec[] = [
  { key: 'tokenLength', label: 'token length', unit: 'chars', better: 'lower', decimals: 0 },
  {
    key: 'goalBytes',
    label: 'goal: 2 × token length + 512',
    unit: 'B',
    better: 'lower',
    decimals: 0,
  },
  ...(
    [
      ['Small', SMALL],
      ['Large', LARGE],
    ] as const
  ).flatMap(([size, n]): MetricSpec[] => [
    {
      key: `memory${size}`,
      label: `heap per cached merchant, ${n} merchants`,
      unit: 'B',
      better: 'lower',
      decimals: 0,
    },
    {
      key: `memory${size}VsGoal`,
      label: `heap per merchant ÷ goal, ${n} merchants`,
      unit: '×',
      better: 'lower',
      decimals: 2,
      target: atMost(1, '≤ 1'),
    },
  ]),
  {
    key: 'poolSpreadNs',
    label: 'pool.getToken(id) hit, 1,000 merchants in turn',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'poolHotNs',
    label: 'pool.getToken(id) hit, one merchant',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'managerNs',
    label: 'TokenManager.getToken() hit, same rounds',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'spreadRatio',
    label: 'pool (1,000 in turn) ÷ manager',
    unit: '×',
    better: 'lower',
    decimals: 2,
    target: atMost(1.3, '≤ 1.3'),
  },
  {
    key: 'hotRatio',
    label: 'pool (one merchant) ÷ manager',
    unit: '×',
    better: 'lower',
    decimals: 2,
    target: atMost(1.3, '≤ 1.3'),
  },
  count('coldTokenRequests', 'cold start 10,000 × 3 calls: token requests', {
    text: '= 10,000',
    met: (ours) => ours === FULL_SIZES.merchants.cold,
  }),
  {
    key: 'coldMs',
    label: 'cold start: time until all resolved',
    unit: 'ms',
    better: 'lower',
    decimals: 0,
  },
  count('coldFailed', 'cold start: failed calls', atMost(0, '0')),
  count('fleetTokenRequests', 'fleet 4 processes × 1,000: token requests', {
    text: '= 1,000',
    met: (ours) => ours === FULL_SIZES.merchants.fleetMerchants,
  }),
  {
    key: 'fleetMs',
    label: 'fleet: time until all resolved',
    unit: 'ms',
    better: 'lower',
    decimals: 0,
  },
  count('fleetFailed', 'fleet: failed calls', atMost(0, '0')),
];

/** Run `body` in a fresh `merchants-worker` (with `--expose-gc`) and always stop it. */
async function inWorker<T>(body: (worker: Child) => Promise<T>): Promise<T> {
  const worker = await startChild('merchants-worker', { exposeGc: true });
  try {
    return await body(worker);
  } finally {
    await worker.stop();
  }
}

async function memoryRows(mock: MockHandle, s: MerchantSizes): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const [i, size] of (['Small', 'Large'] as const).entries()) {
    const n = s.memory[i] as number;
    const r = (await inWorker((w) =>
      w.call('memory', mock.baseUrl, n, s.concurrency, s.warmup),
    )) as MemoryResult;
    if (r.failed > 0 || r.cached !== n)
      throw new Error(`memory run of ${n}: ${r.failed} failed, ${r.cached} cached`);
    rows[`memory${size}`] = r.bytesPerMerchant;
    rows[`memory${size}VsGoal`] = r.bytesPerMerchant / goalFor(r.tokenLength);
    if (i === 0) {
      rows['tokenLength'] = r.tokenLength;
      rows['goalBytes'] = goalFor(r.tokenLength);
    }
  }
  return rows;
}

async function hitRows(mock: MockHandle, s: MerchantSizes): Promise<Record<string, number>> {
  const r = (await inWorker((w) =>
    w.call('hits', mock.baseUrl, s.hitSpread, s.hitRounds, s.hitOps),
  )) as HitResult;
  return {
    poolSpreadNs: r.poolSpreadNs,
    poolHotNs: r.poolHotNs,
    managerNs: r.managerNs,
    spreadRatio: r.poolSpreadNs / r.managerNs,
    hotRatio: r.poolHotNs / r.managerNs,
  };
}

async function coldRows(mock: MockHandle, s: MerchantSizes): Promise<Record<string, number>> {
  return inWorker(async (w) => {
    await mock.resetCounts();
    const r = (await w.call('coldStart', mock.baseUrl, s.cold, s.coldCalls)) as {
      elapsedMs: number;
      failed: number;
    };
    const { tokenRequests } = await mock.counts();
    return { coldTokenRequests: tokenRequests, coldMs: r.elapsedMs, coldFailed: r.failed };
  });
}

async function fleetRows(
  mock: MockHandle,
  s: MerchantSizes,
  redis: RedisServer | undefined,
): Promise<Record<string, number>> {
  if (redis === undefined)
    return { fleetTokenRequests: Number.NaN, fleetMs: Number.NaN, fleetFailed: Number.NaN };
  await redis.flush();
  const workers: Child[] = [];
  try {
    for (let i = 0; i < s.fleetProcesses; i++) workers.push(await startChild('merchants-worker'));
    await Promise.all(
      workers.map((w) => w.call('fleetInit', mock.baseUrl, redis.url, s.fleetMerchants)),
    );
    await mock.resetCounts();
    const started = nowMs();
    const failed = (await Promise.all(workers.map((w) => w.call('fleetGo')))) as number[];
    const fleetMs = nowMs() - started;
    const { tokenRequests } = await mock.counts();
    await Promise.all(workers.map((w) => w.call('fleetClose')));
    return {
      fleetTokenRequests: tokenRequests,
      fleetMs,
      fleetFailed: failed.reduce((a, b) => a + b, 0),
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** 10. Many merchants in one `TokenPool`, and in a fleet sharing Redis (ours only). */
export const merchantsScenario: Scenario = {
  id: 'merchants',
  title: '10. many merchants (TokenPool)',
  description:
    'Ours only (`TokenPool`; the other columns: n/a). The mock accepts its generated merchants ' +
    'and runs in its own process; every measurement runs in a fresh child process. Heap: build ' +
    'the credentials first, warm up with a throw-away pool, GC, read `heapUsed`, fill a pool with ' +
    `${SMALL} (then ${LARGE}) merchants, 200 token requests at a time, GC, read it again; the ` +
    'growth ÷ merchants, next to the goal of 2 × the token’s length + 512 bytes. Cache hit: ' +
    '`pool.getToken(id)` cycling over 1,000 cached merchants and for one merchant, against one ' +
    '`TokenManager.getToken()` for that merchant, in the same process: 9 interleaved rounds of ' +
    '200,000 awaited calls each (order flipped every other round, GC before each), medians. Cold ' +
    'start: 10,000 merchants × 3 concurrent calls at once on an empty pool: token requests (mock), ' +
    'time until all resolved. Fleet: 4 processes, each with its own pool and `RedisTokenStore` on ' +
    'the bench’s redis-server, ask for the same 1,000 merchants at once: token requests for the ' +
    'fleet (mock), time until all resolved. Smoke runs use tiny sizes.',
  metrics: METRICS,
  timeoutMs: ({ sizes }) => sizes.merchants.timeoutMs,
  note: ({ redis, redisMissing }) =>
    redis === undefined ? `fleet rows n/a: ${redisMissing ?? 'no redis-server'}` : undefined,
  run: async (driver, { startMock, sizes, redis }): Promise<MetricValues> => {
    if (driver.name !== adumoDriver.name)
      return Object.fromEntries(METRICS.map((m) => [m.key, Number.NaN]));
    const s = sizes.merchants;
    const mock = await startMock({
      merchants: Math.max(...s.memory, s.hitSpread, s.cold, s.fleetMerchants),
    });
    try {
      return {
        ...(await memoryRows(mock, s)),
        ...(await hitRows(mock, s)),
        ...(await coldRows(mock, s)),
        ...(await fleetRows(mock, s, redis)),
      };
    } finally {
      await mock.close();
    }
  },
};
