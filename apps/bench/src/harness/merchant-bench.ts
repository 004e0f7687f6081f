/**
 * The many-merchants measurements, run inside `merchants-worker` child processes (never in the
 * mock's process, so the mock's memory and CPU stay out of the figures). Each function builds
 * its merchants' credentials with `mockMerchants()` before it measures anything.
 */
import { TokenManager, TokenPool, type TokenPoolOptions, type TokenStore } from '@adumo-oauth/core';
import { mockMerchants, type MockMerchant } from '@adumo-oauth/mock-server';
import { redact } from './redact';
import { collectGarbage, median, nowMs, nowNs } from './stats';

/** Failed calls among `outcomes`, and the first failure's (redacted) message. */
function failures(outcomes: readonly PromiseSettledResult<unknown>[]): {
  failed: number;
  firstError: string | undefined;
} {
  const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  const reason: unknown = rejected[0]?.reason;
  const firstError =
    reason === undefined
      ? undefined
      : redact(reason instanceof Error ? `${reason.name}: ${reason.message}` : typeof reason);
  return { failed: rejected.length, firstError };
}

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
  extra: Partial<TokenPoolOptions> = {},
): TokenPool {
  return new TokenPool({
    baseUrl,
    credentials: (merchantId) => byId.get(merchantId),
    maxMerchants: Math.max(byId.size, 1),
    ...(store === undefined ? {} : { store }),
    ...extra,
  });
}

/** The global `fetch` with at most `max` requests in flight (the rest wait their turn). */
export function limitedFetch(max: number): typeof fetch {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (input, init) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fetch(input, init);
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
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
  /** `spread` separate `TokenManager`s called in turn: what a user without a pool does today. */
  readonly managersSpreadNs: number;
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
 * `pool.getToken(id)` cycling over `spread` cached merchants, `pool.getToken(hot)` for one,
 * `manager.getToken()` of a single `TokenManager` for that same merchant, and `spread` separate
 * managers called in turn (the same memory spread without a pool), in one process: one
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
  const managers = list.map(
    (m) => new TokenManager({ baseUrl, clientId: m.clientId, clientSecret: m.clientSecret }),
  );
  try {
    const failed =
      (await bounded(spread, 200, (i) => pool.getToken(ids[i] as string))) +
      (await bounded(spread, 200, (i) => (managers[i] as TokenManager).getToken()));
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
    const many: Loop = async (n) => {
      let j = 0;
      for (let i = 0; i < n; i++) {
        if ((await (managers[j] as TokenManager).getToken()) === undefined) misses++;
        if (++j === managers.length) j = 0;
      }
      return misses;
    };
    const loops = { spread: poolSpread, hot: poolHot, single, many };
    for (const loop of Object.values(loops)) await loop(ops); // warm-up
    const times = {
      spread: [] as number[],
      hot: [] as number[],
      single: [] as number[],
      many: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      const order = ['spread', 'hot', 'single', 'many'] as const;
      for (const name of round % 2 === 0 ? order : [...order].reverse())
        times[name].push(await timed(loops[name], ops));
    }
    const requests =
      pool.stats().requests +
      manager.stats().requests +
      managers.reduce((sum, m) => sum + m.stats().requests, 0);
    if (requests !== 2 * spread + 1)
      throw new Error(`expected only cache hits, saw ${requests} requests`);
    return {
      poolSpreadNs: median(times.spread),
      poolHotNs: median(times.hot),
      managerNs: median(times.single),
      managersSpreadNs: median(times.many),
      rounds,
    };
  } finally {
    await pool.close();
    await manager.close();
    await Promise.all(managers.map((m) => m.close()));
  }
}

/**
 * A cold pool: `calls` concurrent `getToken` per merchant for `count` merchants, all at once.
 * With `maxInFlight`, the pool's `fetch` lets only that many token requests run at once and the
 * per-attempt timeout is 60 s (queueing counts against it); without, the pool's defaults.
 */
export async function measureColdStart(
  baseUrl: string,
  count: number,
  calls: number,
  maxInFlight?: number | null,
): Promise<{ elapsedMs: number; failed: number; firstError: string | undefined }> {
  const { list, byId } = merchantsOf(count);
  const pool = poolOn(
    baseUrl,
    byId,
    undefined,
    // Over IPC an `undefined` argument arrives as `null`.
    typeof maxInFlight !== 'number' ? {} : { fetch: limitedFetch(maxInFlight), timeoutMs: 60_000 },
  );
  try {
    const started = nowMs();
    const pending: Promise<unknown>[] = [];
    for (let c = 0; c < calls; c++) for (const m of list) pending.push(pool.getToken(m.merchantId));
    const outcomes = await Promise.allSettled(pending);
    const elapsedMs = nowMs() - started;
    return { elapsedMs, ...failures(outcomes) };
  } finally {
    await pool.close();
  }
}

/** One fleet instance: a pool of `count` merchants sharing its tokens through `store`. */
export function fleetInstance(
  baseUrl: string,
  count: number,
  store: TokenStore,
): {
  go(): Promise<{ failed: number; firstError: string | undefined; storeErrors: number }>;
  close(): Promise<void>;
} {
  const { list, byId } = merchantsOf(count);
  const pool = poolOn(baseUrl, byId, store);
  return {
    go: async () => {
      const settled = await Promise.allSettled(list.map((m) => pool.getToken(m.merchantId)));
      return { ...failures(settled), storeErrors: pool.stats().storeErrors };
    },
    close: () => pool.close(),
  };
}
