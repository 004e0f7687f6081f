/**
 * An entry of a {@link BoundedMap}: `used` is set by every hit (`get`) and cleared by idle
 * sweeps and by the eviction hand; `stamp` is the map's own mark. Start both at anything
 * (`false`, `0`).
 */
export interface CacheEntry {
  /** Set by every hit (the only work a hit does); cleared by idle sweeps and the eviction hand. */
  used: boolean;
  /** The map's own recency mark (a counter it sets); start it at `0`. */
  stamp: number;
}

/** Why an entry left a {@link BoundedMap}. */
export type EvictionReason = 'capacity' | 'idle';

/** How a {@link BoundedMap} admits, ages and reports its entries. */
export interface BoundedMapOptions<T> {
  /**
   * Scan-resistant admission (default `true`): new ids on probation, ids seen again protected, a
   * one-time id not kept in a full map while the entry it would replace is remembered (see the
   * class description). `false`: every new entry is kept and the least recently used goes
   * (a CLOCK approximation of LRU), for small maps of values that are cheap to rebuild.
   */
  readonly admission?: boolean | undefined;
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
 * The one bounded map of the packages (the pool's merchants, NestJS's per-merchant clients, the
 * pool's redactors, a store's sealed values): at most `max` entries, optional idle expiry, and a
 * policy that a stream of one-time ids cannot empty (W-TinyLFU's segmented main area, with a
 * doorkeeper instead of a frequency sketch):
 *
 * - **probation**: a new id goes there; when room is needed the oldest entry on probation goes
 *   first, unless it was hit (`get`) since it came: then it moves to **protected** (at most 80 %
 *   of the entries). When protected overflows, its oldest entry gets a second chance if it was
 *   hit since the hand last passed (to the back, its mark cleared), or else goes back on
 *   probation, to be hit or go (a CLOCK over protected: recency without work on the hit).
 * - **doorkeeper**: the ids added recently (the last 10 × `max` to 20 × `max`, approximately: a
 *   Bloom filter of two generations, about 25 bytes per entry of `max`). An id added again goes
 *   straight to protected. A newcomer (not remembered) is not kept when the entry it would
 *   replace is still remembered: so a scan of one-time ids, 5 × `max` of them or more, neither
 *   pushes out regular entries nor even the new ones waiting on probation for their second call
 *   (TinyLFU's admission, with a frequency of 0 or 1). The newcomer is kept when called again.
 * - **idle**: a sweep at most once per `idleMs` drops every entry not used since the previous
 *   sweep, so an idle entry goes after `idleMs` to `2 × idleMs`.
 *
 * A hit is a `Map` lookup and one flag set (`used`): every segment move happens when an entry is
 * added (or at a sweep), never on a hit. With `admission: false` there is one segment, a CLOCK.
 *
 * @example
 * const clients = new BoundedMap<{ used: boolean; stamp: number; fetch: FetchLike }>(1_000);
 * const entry = clients.get(id) ?? clients.add(id, { used: false, stamp: 0, fetch: make(id) });
 */
export class BoundedMap<T extends CacheEntry> {
  readonly #all = new Map<string, T>();
  // Insertion-ordered, oldest first (deleted and set again, a key moves to the back).
  readonly #probation = new Map<string, T>();
  readonly #protected = new Map<string, T>();
  readonly #protectedMax: number;
  readonly #seen: Doorkeeper | undefined;
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
    options: BoundedMapOptions<T> = {},
  ) {
    const admission = options.admission ?? true;
    this.#idleMs = options.idleMs ?? Infinity;
    this.#now = options.now ?? Date.now;
    this.#onEvict = options.onEvict;
    this.#nextSweep = this.#idleMs === Infinity ? Infinity : this.#now() + this.#idleMs;
    this.#protectedMax = admission ? Math.floor(max * PROTECTED_SHARE) : 0;
    this.#seen = admission ? new Doorkeeper(10 * max) : undefined;
  }

  /** Entries in memory. */
  get size(): number {
    return this.#all.size;
  }

  /** The entry, marked used; `undefined` when not in memory. */
  get(id: string): T | undefined {
    const entry = this.#all.get(id);
    if (entry !== undefined && !entry.used) entry.used = true; // no write when already marked
    return entry;
  }

  /** The entry without marking it used. */
  peek(id: string): T | undefined {
    return this.#all.get(id);
  }

  /**
   * Add (or replace) an entry, first making room if the map is full; returns `entry`. When full,
   * a newcomer is not kept (`onEvict` is told, as for an eviction) if the entry it would replace
   * came more recently than it would be forgotten (see the class description).
   */
  add(id: string, entry: T): T {
    if (this.#all.has(id)) this.delete(id);
    const seen = this.#seen;
    const again = seen?.addAgain(id) ?? false;
    entry.used = false; // not hit yet
    if (this.#all.size >= this.max) {
      const [victimId, victim] = this.#victim();
      if (seen !== undefined && !again && seen.has(victimId)) {
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

  /** From probation to protected. */
  #promote(id: string, entry: T): void {
    if (this.#protectedMax === 0 || !this.#probation.delete(id)) return;
    entry.stamp = ++this.#stamp;
    this.#protect(id, entry);
  }

  /**
   * Into protected. If it is full, the hand goes round from its oldest entry: one hit since the
   * hand passed goes to the back (mark cleared); the first not hit goes back on probation.
   */
  #protect(id: string, entry: T): void {
    this.#protected.set(id, entry);
    while (this.#protected.size > this.#protectedMax) {
      const [oldId, old] = first(this.#protected)!;
      this.#protected.delete(oldId);
      if (oldId === id) {
        this.#protected.set(oldId, old); // the one coming in is not the one to go
        continue;
      }
      const used = old.used;
      if (used) old.stamp = ++this.#stamp; // it was used since the last sweep: not idle
      old.used = false; // to stay, it must be hit again
      (used ? this.#protected : this.#probation).set(oldId, old);
    }
  }

  /**
   * The oldest entry on probation not hit since it came (the hit ones are promoted on the way;
   * without admission, hit ones get a second chance at the back).
   */
  #victim(): [string, T] {
    for (;;) {
      const oldest = first(this.#probation) ?? first(this.#protected)!; // never empty when full
      const [id, entry] = oldest;
      if (!entry.used || !this.#probation.has(id)) return oldest;
      if (this.#protectedMax > 0) {
        this.#promote(id, entry);
        continue;
      }
      entry.used = false; // CLOCK: a second chance
      entry.stamp = ++this.#stamp;
      this.#probation.delete(id);
      this.#probation.set(id, entry);
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
