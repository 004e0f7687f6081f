/** Counters of a `TokenManager`, from `stats()`. */
export interface TokenManagerStats {
  /** `getToken()` calls answered at once from memory (including inside the refresh window). */
  readonly hits: number;
  /** `getToken()` calls that had to wait for a refresh (cold, expired, must-refresh or forced). */
  readonly misses: number;
  /** Refresh cycles run (each is one single-flight acquisition, background or not). */
  readonly refreshes: number;
  /** HTTP token requests sent (attempts, including retries). */
  readonly requests: number;
  /** Attempts that were retried. */
  readonly retries: number;
  /** Refresh cycles that failed after their retries. */
  readonly failures: number;
  /** Callers served the previous, still valid token after a failed refresh (stale-if-error). */
  readonly staleServed: number;
  /** Tokens adopted from the shared store instead of the network. */
  readonly storeHits: number;
  /** Store calls that failed (each degraded to the network). */
  readonly storeErrors: number;
  /** Calls answered with the last failure during the cooldown after a failed refresh (no request sent). */
  readonly cooldownRejections: number;
}

/** Mutable counters behind {@link TokenManagerStats}. */
export function newCounters(): { -readonly [K in keyof TokenManagerStats]: number } {
  return {
    hits: 0,
    misses: 0,
    refreshes: 0,
    requests: 0,
    retries: 0,
    failures: 0,
    staleServed: 0,
    storeHits: 0,
    storeErrors: 0,
    cooldownRejections: 0,
  };
}

/** The mutable counters a manager's sources increment. */
export type Counters = ReturnType<typeof newCounters>;
