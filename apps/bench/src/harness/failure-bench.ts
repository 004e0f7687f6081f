/**
 * The "merchants under failure" measurements (scenario 12), run inside `merchants-worker` child
 * processes. Each takes `mode`: `today` configures the pool as it behaved before issue 21 where an
 * option allows it ({@link TODAY}), `after` keeps the defaults.
 */
import { TokenManager, TokenPool, type TokenPoolOptions } from '@adumo-oauth/core';
import { mockMerchants, type MockMerchant } from '@adumo-oauth/mock-server';
import { bounded } from './merchant-bench';
import { collectGarbage, median, nowMs, nowNs, percentile, sleep } from './stats';

/** Which behaviour a phase measures. */
export type Mode = 'today' | 'after';

/**
 * Today's behaviour where an option brings it back: no request ceiling, no separate failing
 * share (the failing lane may take every slot and the whole rate), no bound on resolver calls.
 * Not switchable, so present in both modes: the healthy lane served first, failure memory
 * beyond eviction, scan-resistant admission.
 */
export const TODAY: Partial<TokenPoolOptions> = {
  maxRequestsPerSecond: Infinity,
  failingShare: 1,
  maxConcurrentLookups: Infinity,
};

const optionsOf = (mode: Mode): Partial<TokenPoolOptions> => (mode === 'today' ? TODAY : {});

/** A merchant the resolver knows, with its secret replaced: the mock refuses it (401). */
const wrongSecret = (m: MockMerchant): MockMerchant => ({ ...m, clientSecret: 'wrong-secret' });

/** What {@link measureIsolation} saw. */
export interface IsolationResult {
  /** The healthy merchant's `getToken({ forceRefresh: true })`, no other load, ms. */
  readonly unloadedP50: number;
  readonly unloadedP99: number;
  /** The same while the failing merchants are called. */
  readonly loadedP50: number;
  readonly loadedP99: number;
  /** Token requests of the failing merchants in the window (the healthy one's subtracted). */
  readonly failingRequests: number;
  /** The same, after the first `steadyFromMs` of the window (measured: `steadyMs` long). */
  readonly steadyRequests: number;
  readonly windowMs: number;
  readonly steadyMs: number;
  /** Calls of the failing merchants made by the load loops. */
  readonly failingCalls: number;
}

/**
 * One pool: merchant-1 healthy, merchant-2 … merchant-(failing + 1) with a wrong secret. First
 * `samples` forced refreshes of the healthy merchant with no other load; then `callers` loops
 * call the failing merchants in turn (`pauseMs` between calls) for `windowMs`, while the
 * same `samples` forced refreshes run spread over the window after its first second. Token
 * requests are counted with the pool's `request` events.
 */
export async function measureIsolation(
  baseUrl: string,
  mode: Mode,
  failing: number,
  callers: number,
  samples: number,
  windowMs: number,
  steadyFromMs: number,
  pauseMs: number,
): Promise<IsolationResult> {
  const list = mockMerchants(failing + 1);
  const healthy = list[0] as MockMerchant;
  const byId = new Map<string, MockMerchant>(
    list.map((m, i) => [m.merchantId, i === 0 ? m : wrongSecret(m)]),
  );
  const failingIds = list.slice(1).map((m) => m.merchantId);
  const pool = new TokenPool({
    baseUrl,
    credentials: (id) => byId.get(id),
    ...optionsOf(mode),
  });
  let requests = 0;
  let healthyRequests = 0;
  pool.on('request', ({ merchantId }) => {
    requests++;
    if (merchantId === healthy.merchantId) healthyRequests++;
  });
  const refresh = async (): Promise<number> => {
    const started = nowMs();
    await pool.getToken(healthy.merchantId, { forceRefresh: true });
    return nowMs() - started;
  };
  try {
    await pool.getToken(healthy.merchantId);
    for (let i = 0; i < 5; i++) await refresh(); // warm-up
    const unloaded: number[] = [];
    for (let i = 0; i < samples; i++) {
      unloaded.push(await refresh());
      await sleep(10);
    }

    let running = true;
    let failingCalls = 0;
    let next = 0;
    const loop = async (): Promise<void> => {
      while (running) {
        const id = failingIds[next++ % failingIds.length] as string;
        failingCalls++;
        await pool.getToken(id).catch(() => undefined);
        await sleep(pauseMs);
      }
    };
    const started = nowMs();
    const before = { all: requests, healthy: healthyRequests };
    const loops = Array.from({ length: callers }, loop);
    let steadyAt = { all: requests, healthy: healthyRequests };
    // When the snapshot was really taken (a timer fires late on a busy machine).
    let steadyAtMs = started;
    void sleep(steadyFromMs).then(() => {
      steadyAt = { all: requests, healthy: healthyRequests };
      steadyAtMs = nowMs();
    });
    await sleep(Math.min(1_000, windowMs / 4));
    const loaded: number[] = [];
    const gap = Math.max(0, (windowMs * 0.7) / samples);
    for (let i = 0; i < samples && nowMs() - started < windowMs; i++) {
      loaded.push(await refresh());
      await sleep(gap);
    }
    const left = windowMs - (nowMs() - started);
    if (left > 0) await sleep(left);
    const end = { all: requests, healthy: healthyRequests };
    const elapsed = nowMs() - started;
    running = false;
    await Promise.all(loops);
    const failingOf = (a: typeof end, b: typeof end): number =>
      a.all - a.healthy - (b.all - b.healthy);
    return {
      unloadedP50: median(unloaded),
      unloadedP99: percentile(unloaded, 99),
      loadedP50: median(loaded),
      loadedP99: percentile(loaded, 99),
      failingRequests: failingOf(end, before),
      steadyRequests: failingOf(end, steadyAt),
      windowMs: elapsed,
      steadyMs: started + elapsed - steadyAtMs,
      failingCalls,
    };
  } finally {
    await pool.close();
  }
}

/** What {@link measureScan} saw. */
export interface ScanResult {
  /** Token requests of the regular merchants beyond their first one each. */
  readonly extraRequests: number;
  /** Calls of the regular merchants during the scan. */
  readonly regularCalls: number;
  /** One-time ids that passed, and the scan's length. */
  readonly scanned: number;
  readonly scanMs: number;
  readonly evictions: number;
}

/**
 * A pool of `maxMerchants`; `regular` merchants called every `everyMs` (3 rounds before the
 * scan, then throughout it), while `scanFactor × maxMerchants` one-time valid ids are called,
 * `scanPerSecond` a second (at most 200 at once). Extra token requests of the regular merchants:
 * their `request` events beyond one each.
 */
export async function measureScan(
  baseUrl: string,
  mode: Mode,
  maxMerchants: number,
  regular: number,
  scanFactor: number,
  scanPerSecond: number,
  everyMs: number,
): Promise<ScanResult> {
  const scanCount = scanFactor * maxMerchants;
  const list = mockMerchants(regular + scanCount);
  const byId = new Map(list.map((m) => [m.merchantId, m]));
  const regularIds = list.slice(0, regular).map((m) => m.merchantId);
  const regularSet = new Set(regularIds);
  const scanIds = list.slice(regular).map((m) => m.merchantId);
  const pool = new TokenPool({
    baseUrl,
    credentials: (id) => byId.get(id),
    maxMerchants,
    ...optionsOf(mode),
  });
  let regularRequests = 0;
  pool.on('request', ({ merchantId }) => {
    if (regularSet.has(merchantId)) regularRequests++;
  });
  let regularCalls = 0;
  const round = async (): Promise<void> => {
    await Promise.all(regularIds.map((id) => pool.getToken(id)));
  };
  try {
    for (let r = 0; r < 3; r++) {
      await round();
      await sleep(everyMs);
    }
    let scanning = true;
    const regularLoop = (async () => {
      while (scanning) {
        await round();
        regularCalls += regularIds.length;
        await sleep(everyMs);
      }
    })();
    const started = nowMs();
    let issued = 0;
    await bounded(scanCount, 200, async (i) => {
      // Paced: call i starts no earlier than i / scanPerSecond seconds after the start.
      const due = started + (i * 1000) / scanPerSecond - nowMs();
      if (due > 0) await sleep(due);
      issued++;
      await pool.getToken(scanIds[i] as string);
    });
    const scanMs = nowMs() - started;
    scanning = false;
    await regularLoop;
    await round(); // one more round after the scan
    regularCalls += regularIds.length;
    return {
      extraRequests: regularRequests - regular,
      regularCalls,
      scanned: issued,
      scanMs,
      evictions: pool.stats().evictions,
    };
  } finally {
    await pool.close();
  }
}

/** What {@link measureLookups} saw. */
export interface LookupResult {
  readonly peakInFlight: number;
  readonly elapsedMs: number;
  readonly failed: number;
}

/** `count` distinct valid ids called at once; a resolver that answers after `delayMs`. */
export async function measureLookups(
  baseUrl: string,
  mode: Mode,
  count: number,
  delayMs: number,
): Promise<LookupResult> {
  const list = mockMerchants(count);
  const byId = new Map(list.map((m) => [m.merchantId, m]));
  let inFlight = 0;
  let peakInFlight = 0;
  const pool = new TokenPool({
    baseUrl,
    credentials: async (id) => {
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      await sleep(delayMs);
      inFlight--;
      return byId.get(id);
    },
    // Time for every lookup in turn (16 at once: count / 16 × delayMs).
    credentialsTimeoutMs: 120_000,
    deadlineMs: 120_000,
    ...optionsOf(mode),
  });
  try {
    const started = nowMs();
    const settled = await Promise.allSettled(list.map((m) => pool.getToken(m.merchantId)));
    return {
      peakInFlight,
      elapsedMs: nowMs() - started,
      failed: settled.filter((s) => s.status === 'rejected').length,
    };
  } finally {
    await pool.close();
  }
}

/** `count` merchants × 1 call at once on an empty pool (the pool's defaults, or today's). */
export async function measureColdOnce(
  baseUrl: string,
  mode: Mode,
  count: number,
): Promise<{ elapsedMs: number; requests: number; failed: number }> {
  const list = mockMerchants(count);
  const byId = new Map(list.map((m) => [m.merchantId, m]));
  const pool = new TokenPool({
    baseUrl,
    credentials: (id) => byId.get(id),
    ...optionsOf(mode),
  });
  try {
    const started = nowMs();
    const settled = await Promise.allSettled(list.map((m) => pool.getToken(m.merchantId)));
    return {
      elapsedMs: nowMs() - started,
      requests: pool.stats().requests,
      failed: settled.filter((s) => s.status === 'rejected').length,
    };
  } finally {
    await pool.close();
  }
}

/** Cache-hit cost over a spread of merchants, its `Map` floor and one manager, ns per call. */
export interface SpreadHitResult {
  readonly poolSpreadNs: number;
  readonly mapFloorNs: number;
  readonly managerNs: number;
}

/**
 * `pool.getToken(id)` cycling over `spread` cached merchants; the floor: an `async` lookup of the
 * same tokens in a bare `Map` by the same ids, in the same order, awaited like `getToken`; one
 * `TokenManager.getToken()` hit. One untimed round each, then `rounds` interleaved rounds of
 * `ops` calls (order flipped every other round, GC before each); medians.
 */
export async function measureSpreadHits(
  baseUrl: string,
  spread: number,
  rounds: number,
  ops: number,
): Promise<SpreadHitResult> {
  const list = mockMerchants(spread);
  const byId = new Map(list.map((m) => [m.merchantId, m]));
  const ids = list.map((m) => m.merchantId);
  const first = list[0] as MockMerchant;
  // Filling is not measured: no ceiling, so 10,000 merchants fill in seconds.
  const pool = new TokenPool({
    baseUrl,
    credentials: (id) => byId.get(id),
    maxMerchants: spread,
    maxRequestsPerSecond: Infinity,
  });
  const manager = new TokenManager({
    baseUrl,
    clientId: first.clientId,
    clientSecret: first.clientSecret,
  });
  try {
    const failed = await bounded(spread, 200, (i) => pool.getToken(ids[i] as string));
    await manager.getToken();
    if (failed > 0) throw new Error(`${failed} of ${spread} merchants got no token`);
    const cached = new Map<string, unknown>();
    for (const id of ids) cached.set(id, pool.peek(id));
    // eslint-disable-next-line @typescript-eslint/require-await -- awaited like getToken
    const lookup = async (id: string): Promise<unknown> => cached.get(id);
    let misses = 0;
    const loops = {
      pool: async (n: number) => {
        let j = 0;
        for (let i = 0; i < n; i++) {
          if ((await pool.getToken(ids[j] as string)) === undefined) misses++;
          if (++j === ids.length) j = 0;
        }
      },
      map: async (n: number) => {
        let j = 0;
        for (let i = 0; i < n; i++) {
          if ((await lookup(ids[j] as string)) === undefined) misses++;
          if (++j === ids.length) j = 0;
        }
      },
      manager: async (n: number) => {
        for (let i = 0; i < n; i++) if ((await manager.getToken()) === undefined) misses++;
      },
    };
    const timed = async (loop: (n: number) => Promise<void>): Promise<number> => {
      collectGarbage();
      const start = nowNs();
      await loop(ops);
      return Number(nowNs() - start) / ops;
    };
    for (const loop of Object.values(loops)) await loop(ops);
    const times = { pool: [] as number[], map: [] as number[], manager: [] as number[] };
    const order = ['pool', 'map', 'manager'] as const;
    for (let round = 0; round < rounds; round++)
      for (const name of round % 2 === 0 ? order : [...order].reverse())
        times[name].push(await timed(loops[name]));
    const requests = pool.stats().requests + manager.stats().requests;
    if (requests !== spread + 1 || misses > 0)
      throw new Error(`expected only cache hits, saw ${requests} requests, ${misses} misses`);
    return {
      poolSpreadNs: median(times.pool),
      mapFloorNs: median(times.map),
      managerNs: median(times.manager),
    };
  } finally {
    await pool.close();
    await manager.close();
  }
}
