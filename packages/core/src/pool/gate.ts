/** What a {@link Gate} admits at most. */
export interface GateLimits {
  /** Most holders at once (a pool's `maxConcurrentRequests`). */
  readonly limit: number;
  /**
   * Share of the slots the failing lane may hold at once, in (0, 1] (default 1: no separate
   * bound); at least one slot.
   */
  readonly failingShare?: number | undefined;
}

/** One waiter: called when it is admitted. */
type Admit = () => void;

/**
 * At most `limit` holders at once (a pool's token requests, or its resolver calls); the others
 * wait. A cold start of 10,000 merchants must not open 10,000 connections (EMFILE) nor flood the
 * token endpoint.
 *
 * Fair across merchants: two lanes, the **healthy** one (merchants whose last request did not
 * fail: cold starts, refreshes) always served before the **failing** one (their last request
 * failed, or this is a retry), and the failing lane never holds more than its share of the slots,
 * so 1,000 failing merchants neither queue ahead of a healthy merchant nor keep it from a slot.
 * Within a lane, first come first served is round-robin over merchants: a merchant has at most
 * one request waiting (its refresh is single-flight, one attempt at a time).
 */
export class Gate {
  #active = 0;
  #activeFailing = 0;
  readonly #limit: number;
  readonly #failingLimit: number;
  // Sets: insertion-ordered like a queue, and a waiter that gives up leaves in O(1).
  readonly #healthy = new Set<Admit>();
  readonly #failing = new Set<Admit>();

  constructor(limits: GateLimits) {
    this.#limit = limits.limit;
    this.#failingLimit = Math.max(1, Math.floor(limits.limit * (limits.failingShare ?? 1)));
  }

  /** Holders now. */
  get active(): number {
    return this.#active;
  }

  /** Holders in the failing lane now. */
  get activeFailing(): number {
    return this.#activeFailing;
  }

  /**
   * Wait for a slot in the healthy lane, or with `failing` in the failing lane (rejects with
   * `signal.reason` if it aborts first); resolves its release (idempotent).
   */
  enter(signal?: AbortSignal, failing = false): Promise<() => void> {
    const lane = failing ? this.#failing : this.#healthy;
    if (lane.size === 0 && this.#free(failing)) return Promise.resolve(this.#hold(failing));
    return new Promise<() => void>((resolve, reject) => {
      const admit: Admit = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.#hold(failing));
      };
      const onAbort = (): void => {
        lane.delete(admit);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's reason is an error
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      lane.add(admit);
    });
  }

  /** Whether a request of that lane may take a slot now (the healthy lane's queue aside). */
  #free(failing: boolean): boolean {
    if (this.#active >= this.#limit) return false;
    return !failing || (this.#healthy.size === 0 && this.#activeFailing < this.#failingLimit);
  }

  #hold(failing: boolean): () => void {
    this.#active++;
    if (failing) this.#activeFailing++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#active--;
      if (failing) this.#activeFailing--;
      this.#pump();
    };
  }

  /** Admit waiters while slots are free: the healthy lane first. */
  #pump(): void {
    for (;;) {
      const failing = this.#healthy.size === 0;
      const lane = failing ? this.#failing : this.#healthy;
      const next = first(lane);
      if (next === undefined || !this.#free(failing)) return;
      lane.delete(next);
      next();
    }
  }
}

function first(lane: Set<Admit>): Admit | undefined {
  for (const admit of lane) return admit;
  return undefined;
}
