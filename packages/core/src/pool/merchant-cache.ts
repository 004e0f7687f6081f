/** An entry of the cache: `used` is set by every hit and cleared by idle sweeps; `stamp` orders it. */
export interface CacheEntry {
  used: boolean;
  stamp: number;
}

/** Why a merchant left memory. */
export type EvictionReason = 'capacity' | 'idle';

/**
 * The pool's bounded merchant map. Capacity: at most `max` entries; the least recently used goes
 * (approximately: the map keeps insertion order, and a hit moves an entry to the back only when it
 * has drifted into the older half, so the hot path almost never reorders). Idle: a sweep at most
 * once per `idleMs` drops every entry not used since the previous sweep, so an idle merchant goes
 * after `idleMs` to `2 × idleMs`.
 */
export class MerchantCache<T extends CacheEntry> {
  readonly #map = new Map<string, T>();
  readonly #half: number;
  #stamp = 0;
  #nextSweep: number;

  constructor(
    private readonly max: number,
    private readonly idleMs: number,
    private readonly now: () => number,
    private readonly onEvict: (id: string, entry: T, reason: EvictionReason) => void,
  ) {
    this.#nextSweep = now() + idleMs;
    this.#half = Math.floor(max / 2);
  }

  /** Entries in memory. */
  get size(): number {
    return this.#map.size;
  }

  /** The entry, marked used; `undefined` when not in memory. */
  get(id: string): T | undefined {
    const entry = this.#map.get(id);
    if (entry !== undefined) {
      entry.used = true;
      if (this.#stamp - entry.stamp > this.#half) this.#renew(id, entry);
    }
    return entry;
  }

  /** The entry without marking it used. */
  peek(id: string): T | undefined {
    return this.#map.get(id);
  }

  /** Add (or replace) an entry, first evicting one if the cache is full. */
  set(id: string, entry: T): void {
    if (!this.#map.has(id)) while (this.#map.size >= this.max) this.#evictOldest();
    this.#map.delete(id);
    entry.used = true;
    entry.stamp = ++this.#stamp;
    this.#map.set(id, entry);
  }

  /** Remove an entry (no eviction callback); whether it was there. */
  delete(id: string): boolean {
    return this.#map.delete(id);
  }

  /** Every entry, oldest first. */
  entries(): IterableIterator<[string, T]> {
    return this.#map.entries();
  }

  /** Drop everything (no callbacks). */
  clear(): void {
    this.#map.clear();
  }

  /** Run the idle sweep if it is due. */
  sweepIfDue(): void {
    const now = this.now();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.idleMs;
    for (const [id, entry] of this.#map) {
      if (entry.used) entry.used = false;
      else {
        this.#map.delete(id);
        this.onEvict(id, entry, 'idle');
      }
    }
  }

  #renew(id: string, entry: T): void {
    this.#map.delete(id);
    entry.stamp = ++this.#stamp;
    this.#map.set(id, entry);
  }

  #evictOldest(): void {
    const first = this.#map.entries().next();
    if (first.done === true) return;
    const [id, entry] = first.value;
    this.#map.delete(id);
    this.onEvict(id, entry, 'capacity');
  }
}
