/** What a {@link Gate} admits at most. */
export interface GateLimits {
  /** Most holders at once (a pool's `maxConcurrentRequests`). */
  readonly limit: number;
  /**
   * Share of the slots, and of `perSecond`, the failing lane may use, in (0, 1] (default 1: no
   * separate bound); at least one slot.
   */
  readonly failingShare?: number | undefined;
  /** Most admissions per second, in bursts of at most one second's worth (default `Infinity`). */
  readonly perSecond?: number | undefined;
  /** The clock the rate is measured with (needed with a finite `perSecond`). */
  readonly now?: (() => number) | undefined;
  /** Waits for the rate to allow the next admission (needed with a finite `perSecond`). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** A token bucket: `rate` per ms, at most `cap` (one second's worth), full at first. */
class Bucket {
  #tokens: number;
  #at = -Infinity;
  readonly #rate: number;
  readonly #cap: number;

  constructor(perSecond: number) {
    this.#rate = perSecond / 1000;
    this.#tokens = this.#cap = Math.max(1, perSecond);
  }

  /** Ms until a token is there (0: now), after refilling to `now`. */
  waitMs(now: number): number {
    if (now > this.#at) {
      this.#tokens = Math.min(this.#cap, this.#tokens + (now - this.#at) * this.#rate);
      this.#at = now;
    }
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#rate);
  }

  take(): void {
    this.#tokens--;
  }
}

/** One waiter: called when it is admitted. */
type Admit = () => void;

/**
 * At most `limit` holders at once (a pool's token requests, or its resolver calls), and at most
 * `perSecond` admissions per second; the others wait. A cold start of 10,000 merchants must not
 * open 10,000 connections (EMFILE) nor flood the token endpoint.
 *
 * Fair across merchants: two lanes, the **healthy** one (merchants whose last request did not
 * fail: cold starts, refreshes) always served before the **failing** one (their last request
 * failed, or this is a retry), and the failing lane never holds more than its share of the slots,
 * and of the rate, so 1,000 failing merchants neither queue ahead of a healthy merchant nor keep it
 * from a slot, nor spend more than their share of the requests per second.
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
  /** Requests per second: every admission, and the failing lane's own; none without a rate. */
  readonly #rate: { readonly all: Bucket; readonly failing: Bucket } | undefined;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** When the pending rate timer fires (`Infinity`: none). */
  #wakeAt = Infinity;

  constructor(limits: GateLimits) {
    const share = limits.failingShare ?? 1;
    const perSecond = limits.perSecond ?? Infinity;
    this.#limit = limits.limit;
    this.#failingLimit = Math.max(1, Math.floor(limits.limit * share));
    this.#rate =
      perSecond === Infinity
        ? undefined
        : { all: new Bucket(perSecond), failing: new Bucket(perSecond * share) };
    this.#now = limits.now ?? Date.now;
    this.#sleep = limits.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    if (lane.size === 0 && this.#free(failing) && this.#paced(failing) === 0)
      return Promise.resolve(this.#hold(failing));
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
      this.#wake();
    });
  }

  /** Whether a request of that lane may take a slot now (the healthy lane's queue aside). */
  #free(failing: boolean): boolean {
    if (this.#active >= this.#limit) return false;
    return !failing || (this.#healthy.size === 0 && this.#activeFailing < this.#failingLimit);
  }

  /** Ms until the rate allows a request of that lane (0: now). */
  #paced(failing: boolean): number {
    const rate = this.#rate;
    if (rate === undefined) return 0;
    const now = this.#now();
    const all = rate.all.waitMs(now);
    return failing ? Math.max(all, rate.failing.waitMs(now)) : all;
  }

  #hold(failing: boolean): () => void {
    this.#active++;
    if (failing) this.#activeFailing++;
    if (this.#rate !== undefined) {
      this.#rate.all.take();
      if (failing) this.#rate.failing.take();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#active--;
      if (failing) this.#activeFailing--;
      this.#pump();
    };
  }

  /** Admit waiters while slots are free and the rate allows: the healthy lane first. */
  #pump(): void {
    for (;;) {
      const failing = this.#healthy.size === 0;
      const lane = failing ? this.#failing : this.#healthy;
      const next = first(lane);
      if (next === undefined || !this.#free(failing)) return;
      if (this.#paced(failing) > 0) return this.#wake();
      lane.delete(next);
      next();
    }
  }

  /** A timer for when the rate lets the next waiter in (a new one only if that is sooner). */
  #wake(): void {
    const failing = this.#healthy.size === 0;
    if ((failing ? this.#failing : this.#healthy).size === 0 || !this.#free(failing)) return;
    const ms = this.#paced(failing);
    if (ms === 0) return this.#pump();
    const at = this.#now() + ms;
    if (at >= this.#wakeAt) return;
    this.#wakeAt = at;
    const woke = (): void => {
      if (this.#wakeAt === at) this.#wakeAt = Infinity;
    };
    // Rejected: the pool closed (its waiters' signals abort).
    this.#sleep(ms).then(() => (woke(), this.#pump()), woke);
  }
}

function first(lane: Set<Admit>): Admit | undefined {
  for (const admit of lane) return admit;
  return undefined;
}
