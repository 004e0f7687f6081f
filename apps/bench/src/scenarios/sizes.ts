import type { LoadLength } from '../harness/http-load';

/** How big each scenario is. The full run stays under ~5 minutes; the smoke run is seconds. */
export interface Sizes {
  readonly hotPath: {
    rounds: number;
    opsPerRound: number;
    roundBudgetMs: number;
    /** No new round once this is spent (at least 3 rounds); matters for drivers without a cache. */
    totalBudgetMs: number;
  };
  readonly herd: { concurrency: number; latencyMs: number; timeoutMs: number };
  readonly expiry: { lifetimeSeconds: number; durationMs: number };
  readonly wrapper: {
    calls: number;
    blocks: number;
    warmupCalls: number;
    /** Stop after an even number of blocks once this is spent. */
    budgetMs: number;
    /** The same for drivers without a cache (a token request per call makes them slow). */
    uncachedBudgetMs: number;
  };
  readonly outage: {
    lifetimeSeconds: number;
    outageMs: number;
    outageEndsBeforeExpiryMs: number;
    callsEndBeforeExpiryMs: number;
  };
  readonly middleware: { run: LoadLength; connections: number };
  readonly fleet: { processes: number; callsPerProcess: number };
  /** Wrong secret: `callers` loops for `durationMs`, then the secret is accepted (up to `fixWaitMs`). */
  readonly storm: { callers: number; durationMs: number; fixWaitMs: number };
  /** Redis stopped (SIGSTOP) for `stallMs` under load, `baselineMs` after the first token. */
  readonly stall: {
    callers: number;
    lifetimeSeconds: number;
    baselineMs: number;
    stallMs: number;
    afterMs: number;
    /** A new manager is created (and its first call timed) every this many ms. */
    newInstanceEveryMs: number;
  };
  /** Many merchants in one `TokenPool` (ours only); every measurement in a child process. */
  readonly merchants: {
    /** Pool sizes whose heap per cached merchant is measured, each in a fresh process. */
    memory: readonly [number, number];
    /** Token requests in flight while a pool is filled. */
    concurrency: number;
    /** Merchants of the throw-away pool that warms code and sockets before the heap is read. */
    warmup: number;
    /** Cached merchants the spread cache-hit loop cycles over. */
    hitSpread: number;
    /** Interleaved rounds (pool spread, pool hot, one manager) and awaited calls per round. */
    hitRounds: number;
    hitOps: number;
    /** Cold start: merchants, and concurrent calls per merchant. */
    cold: number;
    coldCalls: number;
    /** The second cold start lets only this many token requests run at once. */
    coldMaxInFlight: number;
    /** Fleet: processes, each with its own `RedisTokenStore`, all asking for the same merchants. */
    fleetProcesses: number;
    fleetMerchants: number;
    /** Upper bound for each of its 6 phases (the 100,000-merchant one makes 100,200 token requests). */
    phaseBudgetMs: number;
  };
  /**
   * Refused token answers (ours only): calls of each row (each way: ours and the plain-fetch
   * floor), in `blocks` alternating blocks after `warmup` calls each way (the pool row warms up
   * with one round of its `merchants`); a row stops after an even number of blocks once
   * `budgetMs` is spent.
   */
  readonly failureCost: {
    normal: number;
    big: number;
    pool: number;
    merchants: number;
    blocks: number;
    warmup: number;
    budgetMs: number;
  };
  /**
   * Merchants under failure (ours only), each phase once today and once after: `failing`
   * wrong-secret merchants called by `callers` loops for `windowMs` while `samples` forced
   * refreshes of a healthy one are timed (request rate counted after `steadyFromMs`); a scan of
   * `scanFactor × maxMerchants` one-time ids at `scanPerSecond` past `regular` merchants called
   * every `everyMs`; `lookups` distinct ids with a `lookupDelayMs` resolver; a cold start of
   * `cold` merchants × 1 call; cache hits over `hitSpread` merchants (`hitRounds` × `hitOps`).
   */
  readonly merchantsFailure: {
    failing: number;
    callers: number;
    /** Pause of each caller loop between two calls. */
    callerPauseMs: number;
    samples: number;
    windowMs: number;
    steadyFromMs: number;
    maxMerchants: number;
    regular: number;
    scanFactor: number;
    scanPerSecond: number;
    everyMs: number;
    lookups: number;
    lookupDelayMs: number;
    cold: number;
    hitSpread: number;
    hitRounds: number;
    hitOps: number;
    /** Upper bound for each phase. */
    phaseBudgetMs: number;
  };
  /** Upper bound for one driver in one scenario; past it the cell is an error. */
  readonly perRunTimeoutMs: number;
}

/** The sizes the issue asks for. */
export const FULL_SIZES: Sizes = {
  hotPath: { rounds: 9, opsPerRound: 50_000, roundBudgetMs: 250, totalBudgetMs: 1_500 },
  herd: { concurrency: 1_000, latencyMs: 50, timeoutMs: 20_000 },
  expiry: { lifetimeSeconds: 2, durationMs: 7_000 },
  wrapper: {
    calls: 20_000,
    blocks: 200,
    warmupCalls: 200,
    budgetMs: 20_000,
    uncachedBudgetMs: 3_000,
  },
  outage: {
    lifetimeSeconds: 4,
    outageMs: 2_000,
    outageEndsBeforeExpiryMs: 500,
    callsEndBeforeExpiryMs: 250,
  },
  middleware: { run: { seconds: 1 }, connections: 10 },
  fleet: { processes: 4, callsPerProcess: 100 },
  storm: { callers: 50, durationMs: 10_000, fixWaitMs: 20_000 },
  stall: {
    callers: 8,
    lifetimeSeconds: 4,
    baselineMs: 2_500,
    stallMs: 3_000,
    afterMs: 1_000,
    newInstanceEveryMs: 500,
  },
  merchants: {
    memory: [10_000, 100_000],
    concurrency: 200,
    warmup: 200,
    hitSpread: 1_000,
    hitRounds: 9,
    hitOps: 200_000,
    cold: 10_000,
    coldCalls: 3,
    coldMaxInFlight: 200,
    fleetProcesses: 4,
    fleetMerchants: 1_000,
    phaseBudgetMs: 900_000,
  },
  failureCost: {
    normal: 500,
    big: 50,
    pool: 500,
    merchants: 100,
    blocks: 10,
    warmup: 20,
    budgetMs: 60_000,
  },
  merchantsFailure: {
    failing: 1_000,
    callers: 200,
    callerPauseMs: 10,
    samples: 50,
    windowMs: 10_000,
    steadyFromMs: 3_000,
    maxMerchants: 1_000,
    regular: 50,
    scanFactor: 5,
    scanPerSecond: 500,
    everyMs: 2_000,
    lookups: 1_500,
    lookupDelayMs: 200,
    cold: 10_000,
    hitSpread: 10_000,
    hitRounds: 9,
    hitOps: 200_000,
    phaseBudgetMs: 60_000,
  },
  perRunTimeoutMs: 60_000,
};

/** A few iterations of everything: proves every driver works, judges nothing. */
export const SMOKE_SIZES: Sizes = {
  hotPath: { rounds: 2, opsPerRound: 50, roundBudgetMs: 50, totalBudgetMs: 200 },
  herd: { concurrency: 20, latencyMs: 5, timeoutMs: 10_000 },
  // 2 s: a 1 s token whose JWT `exp` is whole seconds may live < 1 s, under minLifetimeSeconds.
  expiry: { lifetimeSeconds: 2, durationMs: 2_300 },
  wrapper: { calls: 20, blocks: 2, warmupCalls: 2, budgetMs: 2_000, uncachedBudgetMs: 2_000 },
  outage: {
    lifetimeSeconds: 2,
    outageMs: 300,
    outageEndsBeforeExpiryMs: 300,
    callsEndBeforeExpiryMs: 150,
  },
  middleware: { run: { requests: 50 }, connections: 2 },
  fleet: { processes: 2, callsPerProcess: 5 },
  storm: { callers: 5, durationMs: 300, fixWaitMs: 12_000 },
  stall: {
    callers: 2,
    lifetimeSeconds: 4,
    baselineMs: 200,
    stallMs: 300,
    afterMs: 100,
    newInstanceEveryMs: 200,
  },
  merchants: {
    memory: [50, 100],
    concurrency: 50,
    warmup: 20,
    hitSpread: 50,
    hitRounds: 2,
    hitOps: 200,
    cold: 200,
    coldCalls: 3,
    coldMaxInFlight: 50,
    fleetProcesses: 2,
    fleetMerchants: 100,
    phaseBudgetMs: 30_000,
  },
  failureCost: {
    normal: 10,
    big: 2,
    pool: 10,
    merchants: 40,
    blocks: 2,
    warmup: 2,
    budgetMs: 5_000,
  },
  merchantsFailure: {
    failing: 50,
    callers: 10,
    callerPauseMs: 1,
    samples: 5,
    windowMs: 1_000,
    steadyFromMs: 300,
    maxMerchants: 20,
    regular: 5,
    scanFactor: 5,
    scanPerSecond: 500,
    everyMs: 100,
    lookups: 40,
    lookupDelayMs: 20,
    cold: 100,
    hitSpread: 50,
    hitRounds: 2,
    hitOps: 200,
    phaseBudgetMs: 30_000,
  },
  perRunTimeoutMs: 30_000,
};
