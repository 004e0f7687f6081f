import type { StoredToken, TokenStore } from './types';

/**
 * An in-process {@link TokenStore} (a `Map`). The manager already caches in memory, so this is
 * mostly useful to share one token between several managers with identical options in one
 * process, and as a reference implementation. Expired entries are dropped on read.
 */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, StoredToken>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The entry under `key`, or `undefined` when there is none or it has expired (then it is dropped). */
  get(key: string): StoredToken | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, token: StoredToken): void {
    this.#entries.set(key, { ...token, scope: [...token.scope] });
  }

  delete(key: string, ifValue?: string): void {
    if (ifValue === undefined || this.#entries.get(key)?.value === ifValue)
      this.#entries.delete(key);
  }

  /** Number of entries (expired ones included until read). */
  get size(): number {
    return this.#entries.size;
  }

  /** Redacted: never prints tokens. */
  toJSON(): {
    /** Number of entries, as {@link MemoryTokenStore.size}. */
    size: number;
  } {
    return { size: this.#entries.size };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `MemoryTokenStore { size: ${this.#entries.size} }`;
  }
}
