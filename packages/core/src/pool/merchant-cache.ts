/** An entry of the cache: `used` is set by every hit and cleared by eviction passes. */
export interface CacheEntry {
  used: boolean;
}

/** Why a merchant left memory. */
export type EvictionReason = 'capacity' | 'idle';

/**
 * The pool's bounded merchant map. Capacity: at most `max` entries, the victim chosen by the
 * CLOCK algorithm (a hit only sets a flag, so the hot path does no reordering; an eviction pass
 * gives each used entry a second chance). Idle: a sweep at most once per `idleMs` drops every
 * entry not used since the previous sweep, so an idle merchant goes after `idleMs` to `2 × idleMs`.
 */
export class MerchantCache<T extends CacheEntry> {
  readonly #map = new Map<string, T>();
  #nextSweep: number;

  constructor(
    private readonly max: number,
    private readonly idleMs: number,
    private readonly now: () => number,
    private readonly onEvict: (id: string, entry: T, reason: EvictionReason) => void,
  ) {
    this.#nextSweep = now() + idleMs;
  }

  /** Entries in memory. */
  get size(): number {
    return this.#map.size;
  }

  /** The entry, marked used; `undefined` when not in memory. */
  get(id: string): T | undefined {
    const entry = this.#map.get(id);
    if (entry !== undefined) entry.used = true;
    return entry;
  }

  /** The entry without marking it used. */
  peek(id: string): T | undefined {
    return this.#map.get(id);
  }

  /** Add (or replace) an entry, first evicting one if the cache is full. */
  set(id: string, entry: T): void {
    if (!this.#map.has(id)) while (this.#map.size >= this.max) this.#evictOne();
    entry.used = true;
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

  #evictOne(): void {
    // At most two passes: the first clears every flag, the second finds a victim.
    for (let step = 0, limit = 2 * this.#map.size + 1; step < limit; step++) {
      const first = this.#map.entries().next();
      if (first.done === true) return;
      const [id, entry] = first.value;
      this.#map.delete(id);
      if (!entry.used) return this.onEvict(id, entry, 'capacity');
      entry.used = false;
      this.#map.set(id, entry); // second chance: to the back
    }
  }
}
