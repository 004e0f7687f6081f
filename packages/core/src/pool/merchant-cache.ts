/**
 * An entry of a {@link MerchantCache}: `used` is set by every hit (`get`) and cleared by idle
 * sweeps; `stamp` is the cache's own mark. Start both at anything (`false`, `0`).
 */
export interface CacheEntry {
  /** Set by every hit (the only work a hit does); cleared by idle sweeps. */
  used: boolean;
  /** The cache's own recency mark (a counter it sets); start it at `0`. */
  stamp: number;
}

/** Why an entry left a {@link MerchantCache}. */
export type EvictionReason = 'capacity' | 'idle';

/** How a {@link MerchantCache} ages and reports its entries. */
export interface MerchantCacheOptions<T> {
  /** An entry not used for this long (up to twice this) goes, ms (default `Infinity`: never). */
  readonly idleMs?: number | undefined;
  /** The clock of the idle sweeps (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /** Called for every entry that leaves by capacity or idleness (not `delete`/`clear`). */
  readonly onEvict?: ((id: string, entry: T, reason: EvictionReason) => void) | undefined;
}

/** Share of the entries kept in the protected segment (the rest is probation). */
const PROTECTED_SHARE = 0.8;

/**
 * A bounded map of per-merchant entries that a stream of one-time ids cannot empty (the policy
 * of W-TinyLFU's segmented main area, with a doorkeeper instead of a frequency sketch):
 *
 * - **probation**: a new id goes there; when room is needed the oldest entry on probation goes
 *   first, unless it was hit (`get`) since it came: then it moves to **protected** (at most 80 %
 *   of the entries; its least recently used entry goes back on probation, to be hit or go).
 * - **doorkeeper**: the ids added recently (the last 10 × `max` to 20 × `max`, approximately: a
 *   Bloom filter of two generations, about 25 bytes per entry of `max`). An id added again goes
 *   straight to protected. A newcomer (not remembered) is not kept when the entry it would
 *   replace is still remembered: so a scan of one-time ids, 5 × `max` of them or more, neither
 *   pushes out regular entries nor even the new ones waiting on probation for their second call
 *   (TinyLFU's admission, with a frequency of 0 or 1). The newcomer is kept when called again.
 * - **idle**: a sweep at most once per `idleMs` drops every entry not used since the previous
 *   sweep, so an idle entry goes after `idleMs` to `2 × idleMs`.
 *
 * A hit only sets `used` (and, for an entry that drifted into the older half, moves it to the
 * back): the admission bookkeeping runs when an entry is added, never on a hit.
 *
 * @example
 * const clients = new MerchantCache<{ used: boolean; stamp: number; fetch: FetchLike }>(1_000);
 * const entry = clients.get(id) ?? clients.add(id, { used: false, stamp: 0, fetch: make(id) });
 */
export class MerchantCache<T extends CacheEntry> {
  readonly #all = new Map<string, T>();
  // Insertion-ordered, oldest first (deleted and set again, a key moves to the back).
  readonly #probation = new Map<string, T>();
  readonly #protected = new Map<string, T>();
  readonly #protectedMax: number;
  readonly #half: number;
  readonly #seen: Doorkeeper;
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #onEvict: ((id: string, entry: T, reason: EvictionReason) => void) | undefined;
  #stamp = 0;
  /** `#stamp` at the previous sweep: an entry stamped later was added or moved since. */
  #sweptAt = 0;
  #nextSweep: number;

  /** At most `max` entries (a whole number ≥ 1). */
  constructor(
    private readonly max: number,
    options: MerchantCacheOptions<T> = {},
  ) {
    this.#idleMs = options.idleMs ?? Infinity;
    this.#now = options.now ?? Date.now;
    this.#onEvict = options.onEvict;
    this.#nextSweep = this.#now() + this.#idleMs;
    this.#half = Math.floor(max / 2);
    this.#protectedMax = Math.floor(max * PROTECTED_SHARE);
    this.#seen = new Doorkeeper(10 * max);
  }

  /** Entries in memory. */
  get size(): number {
    return this.#all.size;
  }

  /** The entry, marked used; `undefined` when not in memory. */
  get(id: string): T | undefined {
    const entry = this.#all.get(id);
    if (entry !== undefined) {
      entry.used = true;
      if (this.#stamp - entry.stamp > this.#half) this.#renew(id, entry);
    }
    return entry;
  }

  /** The entry without marking it used. */
  peek(id: string): T | undefined {
    return this.#all.get(id);
  }

  /**
   * Add (or replace) an entry, first making room if the cache is full; returns `entry`. When full,
   * a newcomer is not kept (`onEvict` is told, as for an eviction) if the entry it would replace
   * came more recently than it would be forgotten (see the class description).
   */
  add(id: string, entry: T): T {
    if (this.#all.has(id)) this.delete(id);
    const again = this.#seen.addAgain(id);
    entry.used = false; // not hit yet
    if (this.#all.size >= this.max) {
      const [victimId, victim] = this.#victim();
      if (!again && this.#seen.has(victimId)) {
        this.#onEvict?.(id, entry, 'capacity');
        return entry;
      }
      this.delete(victimId);
      this.#onEvict?.(victimId, victim, 'capacity');
    }
    entry.stamp = ++this.#stamp;
    this.#all.set(id, entry);
    if (again && this.#protectedMax > 0) this.#protect(id, entry);
    else this.#probation.set(id, entry);
    return entry;
  }

  /** Remove an entry (no eviction callback); whether it was there. */
  delete(id: string): boolean {
    this.#probation.delete(id);
    this.#protected.delete(id);
    return this.#all.delete(id);
  }

  /** Every entry. */
  entries(): IterableIterator<[string, T]> {
    return this.#all.entries();
  }

  /** Drop everything (no callbacks). */
  clear(): void {
    this.#all.clear();
    this.#probation.clear();
    this.#protected.clear();
  }

  /** Run the idle sweep if it is due. */
  sweepIfDue(): void {
    const now = this.#now();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.#idleMs;
    const since = this.#sweptAt;
    this.#sweptAt = this.#stamp;
    const hit: [string, T][] = [];
    for (const [id, entry] of this.#all) {
      if (entry.used) {
        if (this.#probation.has(id)) hit.push([id, entry]); // keep what its hit means
        entry.used = false;
      } else if (entry.stamp <= since) {
        this.delete(id);
        this.#onEvict?.(id, entry, 'idle');
      }
    }
    for (const [id, entry] of hit) {
      this.#promote(id, entry);
      entry.stamp = this.#sweptAt; // not a use of its own: it goes at the next sweep unless used
    }
  }

  /** A hit on an entry that drifted into the older half: to the back of protected. */
  #renew(id: string, entry: T): void {
    if (this.#protected.delete(id)) {
      entry.stamp = ++this.#stamp;
      this.#protected.set(id, entry);
    } else this.#promote(id, entry);
  }

  /** From probation to protected. */
  #promote(id: string, entry: T): void {
    if (this.#protectedMax === 0 || !this.#probation.delete(id)) return;
    entry.stamp = ++this.#stamp;
    this.#protect(id, entry);
  }

  /** Into protected; its least recently used entry goes back on probation if it is full. */
  #protect(id: string, entry: T): void {
    this.#protected.set(id, entry);
    if (this.#protected.size <= this.#protectedMax) return;
    const [oldId, old] = first(this.#protected)!;
    this.#protected.delete(oldId);
    if (old.used) old.stamp = ++this.#stamp; // it was used since the last sweep: not idle
    old.used = false; // to stay, it must be hit on probation
    this.#probation.set(oldId, old);
  }

  /** The oldest entry on probation not hit since it came (the hit ones are promoted on the way). */
  #victim(): [string, T] {
    for (;;) {
      const oldest = first(this.#probation) ?? first(this.#protected)!; // never empty when full
      const [id, entry] = oldest;
      if (!entry.used || this.#protectedMax === 0 || !this.#probation.has(id)) return oldest;
      this.#promote(id, entry);
    }
  }
}

function first<T>(map: Map<string, T>): [string, T] | undefined {
  for (const pair of map) return pair;
  return undefined;
}

/** Bits per id of a generation (with 5 hashes: about 1 % false positives when full). */
const BITS_PER_ID = 10;
const HASHES = 5;

/**
 * The ids added recently, approximately: a Bloom filter of two generations of `perGeneration`
 * ids each (the older generation is dropped when the newer one is full). False positives only.
 */
export class Doorkeeper {
  #current: Uint32Array;
  #previous: Uint32Array;
  #count = 0;
  readonly #bits: number;

  constructor(private readonly perGeneration: number) {
    this.#bits = Math.max(64, perGeneration * BITS_PER_ID);
    this.#current = new Uint32Array(Math.ceil(this.#bits / 32));
    this.#previous = new Uint32Array(this.#current.length);
  }

  /** Whether `id` was recorded (in either generation), without recording it. */
  has(id: string): boolean {
    return this.#check(id, false);
  }

  /** Record `id`; whether it was recorded before (in either generation). */
  addAgain(id: string): boolean {
    return this.#check(id, true);
  }

  #check(id: string, record: boolean): boolean {
    // FNV-1a, and a second hash from it (double hashing: h1 + i × h2).
    let h1 = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h1 = Math.imul(h1 ^ id.charCodeAt(i), 0x01000193);
    const h2 = (Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) >>> 0) | 1;
    let inCurrent = true;
    let inPrevious = true;
    for (let i = 0; i < HASHES; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.#bits;
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if ((this.#current[word]! & mask) === 0) {
        inCurrent = false;
        if (record) this.#current[word]! |= mask;
      }
      if ((this.#previous[word]! & mask) === 0) inPrevious = false;
    }
    if (!record) return inCurrent || inPrevious;
    if (!inCurrent && ++this.#count >= this.perGeneration) {
      this.#previous = this.#current;
      this.#current = new Uint32Array(this.#previous.length);
      this.#count = 0;
    }
    return inCurrent || inPrevious;
  }
}
