import type { RedisTokenStoreClient } from './types';

/**
 * Pub/sub wake-ups for waiters: one subscription per store on its channel; a message names the
 * Redis key whose token was written or whose lock was released. Best effort: waiters also poll.
 */
export class Notifier {
  readonly #listeners = new Map<string, Set<() => void>>();
  #subscription: Promise<void> | undefined;

  constructor(
    private readonly client: RedisTokenStoreClient,
    private readonly channel: string,
  ) {}

  /** Call `listener` whenever `key` is announced; returns the function that stops it. */
  listen(key: string, listener: () => void): () => void {
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(key) === set) this.#listeners.delete(key);
    };
  }

  /** Subscribe once; resolves `true` when active within `timeoutMs`, else `false` (keeps trying). */
  async subscribed(timeoutMs: number): Promise<boolean> {
    if (!this.#subscription) {
      const attempt = this.client.subscribe(this.channel, (message) => this.#deliver(message));
      this.#subscription = attempt;
      attempt.catch(() => {
        if (this.#subscription === attempt) this.#subscription = undefined;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.#subscription.then(() => true as const), expired]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Announce `key` to every instance (callers decide whether a failure matters). */
  announce(key: string): Promise<void> {
    return this.client.publish(this.channel, key);
  }

  #deliver(key: string): void {
    const set = this.#listeners.get(key);
    if (!set) return;
    for (const listener of [...set]) listener();
  }
}
