/**
 * The many-merchants measurements, run inside `merchants-worker` child processes (never in the
 * mock's process, so the mock's memory and CPU stay out of the figures). Each function builds
 * its merchants' credentials with `mockMerchants()` before it measures anything.
 */
import { TokenManager, TokenPool, type TokenStore } from '@adumo-oauth/core';
import { mockMerchants, type MockMerchant } from '@adumo-oauth/mock-server';
import { collectGarbage, median, nowMs, nowNs } from './stats';

/** The credentials of `count` generated merchants, as a list and by merchant id. */
function merchantsOf(count: number): {
  list: readonly MockMerchant[];
  byId: ReadonlyMap<string, MockMerchant>;
} {
  const list = mockMerchants(count);
  return { list, byId: new Map(list.map((m) => [m.merchantId, m])) };
}

function poolOn(
  baseUrl: string,
  byId: ReadonlyMap<string, MockMerchant>,
  store?: TokenStore,
): TokenPool {
  return new TokenPool({
    baseUrl,
    credentials: (merchantId) => byId.get(merchantId),
    maxMerchants: Math.max(byId.size, 1),
    ...(store === undefined ? {} : { store }),
  });
}

/** Run `task(i)` for every `i` below `count`, at most `concurrency` at once; resolves the failures. */
export async function bounded(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  let failed = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      try {
        await task(i);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return failed;
}

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** Heap cost of a pool holding one token for each of `count` merchants. */
export interface MemoryResult {
  readonly bytesPerMerchant: number;
  readonly tokenLength: number;
  readonly cached: number;
  readonly failed: number;
}

/**
 * Fill a pool with `count` merchants (`concurrency` token requests at once) and divide the heap
 * growth (after a full GC on both sides) by `count`. A warm-up pool of `warmup` merchants runs
 * first and is closed, so code, JIT and the HTTP client's keep-alive sockets exist on both sides.
 */
export async function measureMemory(
  baseUrl: string,
  count: number,
  concurrency: number,
  warmup: number,
): Promise<MemoryResult> {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
    throw new Error('the memory measurement needs node --expose-gc');
  const { list, byId } = merchantsOf(count);
  const idOf = (i: number): string => (list[i] as MockMerchant).merchantId;
  const warm = poolOn(baseUrl, byId);
  await bounded(Math.min(warmup, count), concurrency, (i) => warm.getToken(idOf(i)));
  await warm.close();

  const before = await heapAfterGc();
  const pool = poolOn(baseUrl, byId);
  const failed = await bounded(count, concurrency, (i) => pool.getToken(idOf(i)));
  const after = await heapAfterGc();
  const tokenLength = pool.peek(idOf(0))?.value.length ?? Number.NaN;
  const cached = pool.stats().merchants;
  await pool.close();
  return { bytesPerMerchant: (after - before) / count, tokenLength, cached, failed };
}

/** Cache-hit cost of a pool (a spread of merchants, and one hot merchant) and of one manager. */
export interface HitResult {
  readonly poolSpreadNs: number;
  readonly poolHotNs: number;
  readonly managerNs: number;
  readonly rounds: number;
}

type Loop = (ops: number) => Promise<number>;

async function timed(loop: Loop, ops: number): Promise<number> {
  collectGarbage();
  const start = nowNs();
  await loop(ops);
  return Number(nowNs() - start) / ops;
}

/**
 * `pool.getToken(id)` cycling over `spread` cached merchants, `pool.getToken(hot)` for one, and
 * `manager.getToken()` of a single `TokenManager` for that same merchant, in one process: one
 * untimed round of each, then `rounds` interleaved rounds of `ops` awaited calls (the order
 * flipped every other round, GC before each). Medians in ns per call.
 */
export async function measureHits(
  baseUrl: string,
  spread: number,
  rounds: number,
  ops: number,
): Promise<HitResult> {
  const { list, byId } = merchantsOf(spread);
  const ids = list.map((m) => m.merchantId);
  const first = list[0] as MockMerchant;
  const pool = poolOn(baseUrl, byId);
  const manager = new TokenManager({
    baseUrl,
    clientId: first.clientId,
    clientSecret: first.clientSecret,
  });
  try {
    const failed = await bounded(spread, 200, (i) => pool.getToken(ids[i] as string));
    await manager.getToken();
    if (failed > 0) throw new Error(`${failed} of ${spread} merchants got no token`);
    let misses = 0;
    const poolSpread: Loop = async (n) => {
      let j = 0;
      for (let i = 0; i < n; i++) {
        if ((await pool.getToken(ids[j] as string)) === undefined) misses++;
        if (++j === ids.length) j = 0;
      }
      return misses;
    };
    const hot = first.merchantId;
    const poolHot: Loop = async (n) => {
      for (let i = 0; i < n; i++) if ((await pool.getToken(hot)) === undefined) misses++;
      return misses;
    };
    const single: Loop = async (n) => {
      for (let i = 0; i < n; i++) if ((await manager.getToken()) === undefined) misses++;
      return misses;
    };
    for (const loop of [poolSpread, poolHot, single]) await loop(ops); // warm-up
    const times = { spread: [] as number[], hot: [] as number[], single: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const order = ['spread', 'hot', 'single'] as const;
      for (const name of round % 2 === 0 ? order : [...order].reverse()) {
        const loop = name === 'spread' ? poolSpread : name === 'hot' ? poolHot : single;
        times[name].push(await timed(loop, ops));
      }
    }
    const requests = pool.stats().requests + manager.stats().requests;
    if (requests !== spread + 1)
      throw new Error(`expected only cache hits, saw ${requests} requests`);
    return {
      poolSpreadNs: median(times.spread),
      poolHotNs: median(times.hot),
      managerNs: median(times.single),
      rounds,
    };
  } finally {
    await pool.close();
    await manager.close();
  }
}

/** A cold pool: `calls` concurrent `getToken` per merchant for `count` merchants, all at once. */
export async function measureColdStart(
  baseUrl: string,
  count: number,
  calls: number,
): Promise<{ elapsedMs: number; failed: number }> {
  const { list, byId } = merchantsOf(count);
  const pool = poolOn(baseUrl, byId);
  try {
    const started = nowMs();
    const pending: Promise<unknown>[] = [];
    for (let c = 0; c < calls; c++) for (const m of list) pending.push(pool.getToken(m.merchantId));
    const outcomes = await Promise.allSettled(pending);
    const elapsedMs = nowMs() - started;
    return { elapsedMs, failed: outcomes.filter((o) => o.status === 'rejected').length };
  } finally {
    await pool.close();
  }
}

/** One fleet instance: a pool of `count` merchants sharing its tokens through `store`. */
export function fleetInstance(
  baseUrl: string,
  count: number,
  store: TokenStore,
): { go(): Promise<number>; close(): Promise<void> } {
  const { list, byId } = merchantsOf(count);
  const pool = poolOn(baseUrl, byId, store);
  return {
    go: async () => {
      const outcomes = await Promise.allSettled(list.map((m) => pool.getToken(m.merchantId)));
      return outcomes.filter((o) => o.status === 'rejected').length;
    },
    close: () => pool.close(),
  };
}
