/** How big each scenario is. The full run stays under ~3 minutes; the smoke run is seconds. */
export interface Sizes {
  readonly hotPath: { rounds: number; opsPerRound: number; roundBudgetMs: number };
  readonly herd: { concurrency: number; latencyMs: number; timeoutMs: number };
  readonly expiry: { lifetimeSeconds: number; durationMs: number };
  readonly wrapper: { calls: number; blocks: number; warmupCalls: number };
  readonly outage: { lifetimeSeconds: number; idleMs: number; outageMs: number; tailMs: number };
  readonly middleware: { secondsPerRun: number; connections: number };
  readonly fleet: { processes: number; callsPerProcess: number };
  /** Upper bound for one driver in one scenario; past it the cell is an error. */
  readonly perRunTimeoutMs: number;
}

/** The sizes the issue asks for. */
export const FULL_SIZES: Sizes = {
  hotPath: { rounds: 9, opsPerRound: 50_000, roundBudgetMs: 250 },
  herd: { concurrency: 1_000, latencyMs: 50, timeoutMs: 20_000 },
  expiry: { lifetimeSeconds: 2, durationMs: 7_000 },
  wrapper: { calls: 5_000, blocks: 10, warmupCalls: 200 },
  outage: { lifetimeSeconds: 4, idleMs: 1_500, outageMs: 2_000, tailMs: 250 },
  middleware: { secondsPerRun: 1, connections: 10 },
  fleet: { processes: 4, callsPerProcess: 100 },
  perRunTimeoutMs: 60_000,
};

/** A few iterations of everything: proves every driver works, judges nothing. */
export const SMOKE_SIZES: Sizes = {
  hotPath: { rounds: 2, opsPerRound: 50, roundBudgetMs: 50 },
  herd: { concurrency: 20, latencyMs: 5, timeoutMs: 10_000 },
  expiry: { lifetimeSeconds: 1, durationMs: 1_300 },
  wrapper: { calls: 20, blocks: 2, warmupCalls: 2 },
  outage: { lifetimeSeconds: 3, idleMs: 200, outageMs: 300, tailMs: 100 },
  middleware: { secondsPerRun: 0.3, connections: 2 },
  fleet: { processes: 2, callsPerProcess: 5 },
  perRunTimeoutMs: 30_000,
};
