/** What a {@link Gate} admits at most. */
export interface GateLimits {
  /** Most holders at once (a pool's `maxConcurrentRequests`). */
  readonly limit: number;
  /**
   * Share of the slots, and of `perSecond`, the failing lane (and new merchants not yet proven)
   * may use, in (0, 1] (default 1: no separate bound); at least one slot.
   */
  readonly failingShare?: number | undefined;
  /** Most admissions per second, in bursts of at most one second's worth (default `Infinity`). */
  readonly perSecond?: number | undefined;
  /** The clock the rate is measured with (needed with a finite `perSecond`). */
  readonly now?: (() => number) | undefined;
  /** Waits for the rate to allow the next admission (needed with a finite `perSecond`). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

/**
 * Which queue a request waits in: `healthy` (its merchant holds or once got a token), `new` (the
 * first request of a merchant that never got one), `failing` (its last request failed, or a retry).
 */
export type Lane = 'healthy' | 'new' | 'failing';

/** Releases a slot (idempotent); `ok`: the request got a token (a new merchant proved itself). */
export type Release = (ok?: boolean) => void;

/** A token bucket: `rate` per ms, at most `cap`, full at first. */
class Bucket {
  #tokens: number;
  #at = -Infinity;
  readonly #rate: number;
  readonly #cap: number;

  constructor(perSecond: number, cap: number) {
    this.#rate = perSecond / 1000;
    this.#tokens = this.#cap = cap;
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

  /** Refill for `ms` the clock did not show (a frozen or stepped-back `now`): waits always end. */
  credit(ms: number): void {
    this.#tokens = Math.min(this.#cap, this.#tokens + ms * this.#rate);
  }
}

/** One waiter: called when it is admitted. */
type Admit = () => void;

/** Admissions at the full rate a new merchant's success earns for the next new ones (slow start). */
const CREDITS_PER_SUCCESS = 2;
/** Credits are forgotten this long after the last new merchant's success, ms. */
const CREDIT_MS = 1_000;

/**
 * At most `limit` holders at once (a pool's token requests, or its resolver calls), and at most
 * `perSecond` admissions per second; the others wait. A cold start of 10,000 merchants must not
 * open 10,000 connections (EMFILE) nor flood the token endpoint.
 *
 * Fair across merchants, three lanes served in this order:
 * - **healthy**: merchants holding (or that once got) a token: refreshes. Up to every slot and
 *   the whole rate, in bursts of one second's worth.
 * - **new**: a merchant's first request. Unproven, it is paced like the failing lane (and counts
 *   against its share); each new merchant that gets a token earns {@link CREDITS_PER_SUCCESS}
 *   admissions at the full rate for the next new merchants (kept up to `limit`, for a second
 *   after the last success). So while most first
 *   requests succeed (a cold start) the lane grows to the full rate within a few round trips,
 *   and when most are refused (1,000 wrong secrets) it is held to the failing share.
 * - **failing**: their last request failed, or this is a retry.
 *
 * The failing share (failing lane and unproven new requests together) holds at most its share of
 * the slots and of the rate, with no burst (a bucket of one), so over any window failing
 * merchants make at most `failingShare × perSecond` requests a second, plus one.
 * Within a lane, first come first served is round-robin over merchants: a merchant has at most
 * one request waiting (its refresh is single-flight, one attempt at a time).
 */
export class Gate {
  #active = 0;
  #activeFailing = 0;
  /** Admissions at the full rate the new lane has earned (capped at `limit`), until `#creditsUntil`. */
  #credits = 0;
  #creditsUntil = -Infinity;
  /** New-lane requests in flight (their outcome may earn credits). */
  #newInFlight = 0;
  readonly #limit: number;
  readonly #failingLimit: number;
  // Sets: insertion-ordered like a queue, and a waiter that gives up leaves in O(1).
  readonly #lanes: Record<Lane, Set<Admit>> = {
    healthy: new Set(),
    new: new Set(),
    failing: new Set(),
  };
  /** Requests per second: every admission, and the failing share's own; none without a rate. */
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
        : {
            all: new Bucket(perSecond, Math.max(1, perSecond)),
            failing: new Bucket(perSecond * share, 1),
          };
    this.#now = limits.now ?? Date.now;
    this.#sleep = limits.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Holders now. */
  get active(): number {
    return this.#active;
  }

  /** Holders counted against the failing share now (failing, and unproven new requests). */
  get activeFailing(): number {
    return this.#activeFailing;
  }

  /**
   * Wait for a slot in `lane` (`true`: `failing`, `false`: `healthy`); rejects with
   * `signal.reason` if it aborts first. Resolves its release: call it with `true` when the
   * request got a token.
   */
  enter(signal?: AbortSignal, lane: Lane | boolean = 'healthy'): Promise<Release> {
    const name: Lane = lane === true ? 'failing' : lane === false ? 'healthy' : lane;
    const queue = this.#lanes[name];
    if (queue.size === 0 && this.#free(name) && this.#paced(name) === 0)
      return Promise.resolve(this.#hold(name));
    return new Promise<Release>((resolve, reject) => {
      const admit: Admit = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.#hold(name));
      };
      const onAbort = (): void => {
        queue.delete(admit);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's reason is an error
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.add(admit);
      this.#wake();
    });
  }

  /** Whether a request of `lane` counts against the failing share (an unproven new one does). */
  #share(lane: Lane): boolean {
    if (lane !== 'new') return lane === 'failing';
    return this.#credits < 1 || this.#now() >= this.#creditsUntil;
  }

  /** Whether a request of that lane may take a slot now (its own queue aside). */
  #free(lane: Lane): boolean {
    if (this.#active >= this.#limit) return false;
    if (lane === 'healthy') return true;
    const { healthy, new: fresh } = this.#lanes;
    if (healthy.size > 0 || (lane === 'failing' && fresh.size > 0)) return false;
    return !this.#share(lane) || this.#activeFailing < this.#failingLimit;
  }

  /** Ms until the rate allows a request of that lane (0: now). */
  #paced(lane: Lane): number {
    const rate = this.#rate;
    if (rate === undefined) return 0;
    const now = this.#now();
    const all = rate.all.waitMs(now);
    return this.#share(lane) ? Math.max(all, rate.failing.waitMs(now)) : all;
  }

  #hold(lane: Lane): Release {
    const share = this.#share(lane);
    this.#active++;
    if (share) this.#activeFailing++;
    else if (lane === 'new') this.#credits--;
    if (lane === 'new') this.#newInFlight++;
    if (this.#rate !== undefined) {
      this.#rate.all.take();
      if (share) this.#rate.failing.take();
    }
    let done = false;
    return (ok) => {
      if (done) return;
      done = true;
      this.#active--;
      if (share) this.#activeFailing--;
      if (lane === 'new') this.#newInFlight--;
      // A new merchant got its token: the next new ones (in the coming second) go at the full rate.
      if (ok === true && lane === 'new') {
        this.#credits = Math.min(this.#limit, this.#credits + CREDITS_PER_SUCCESS);
        this.#creditsUntil = this.#now() + CREDIT_MS;
      }
      this.#pump();
    };
  }

  /** The lane served next: the first with waiters (healthy, new, failing). */
  #head(): Lane | undefined {
    const { healthy, new: fresh, failing } = this.#lanes;
    if (healthy.size > 0) return 'healthy';
    if (fresh.size > 0) return 'new';
    return failing.size > 0 ? 'failing' : undefined;
  }

  /** Admit waiters while slots are free and the rate allows, in lane order. */
  #pump(): void {
    for (;;) {
      const lane = this.#head();
      if (lane === undefined || !this.#free(lane)) return;
      if (this.#paced(lane) > 0) return this.#wake();
      const queue = this.#lanes[lane];
      const next = first(queue)!;
      queue.delete(next);
      next();
    }
  }

  /** A timer for when the rate lets the next waiter in (a new one only if that is sooner). */
  #wake(): void {
    const lane = this.#head();
    if (lane === undefined || !this.#free(lane)) return;
    const ms = this.#paced(lane);
    if (ms === 0) return this.#pump();
    // Unproven new merchants: the outcome of those in flight (credits or not) comes first.
    if (lane === 'new' && this.#newInFlight > 0 && this.#share(lane)) return;
    const at = this.#now() + ms;
    if (at >= this.#wakeAt) return;
    this.#wakeAt = at;
    const woke = (): void => {
      if (this.#wakeAt === at) this.#wakeAt = Infinity;
    };
    const rate = this.#rate!;
    const before = this.#now();
    // Rejected: the pool closed (its waiters' signals abort).
    this.#sleep(ms).then(() => {
      // The time slept counts even if the clock (the `now` option) did not move on.
      const unseen = ms - Math.max(0, this.#now() - before);
      if (unseen > 0) {
        rate.all.credit(unseen);
        rate.failing.credit(unseen);
      }
      woke();
      this.#pump();
    }, woke);
  }
}

function first(lane: Set<Admit>): Admit | undefined {
  for (const admit of lane) return admit;
  return undefined;
}
